package dev.treeline.deployer.endpoint;

import java.util.Optional;

/** Tells the cache which version a model group should serve and how to fetch it (registry + object store). */
@FunctionalInterface
public interface ModelSource {

    /** Empty when the group has no deployed version (the cache then answers {@link UnservedModelException}). */
    Optional<ResolvedVersion> resolve(String modelGroup);
}
