package dev.treeline.support.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay ({@code treeline.outbox.*}). */
@ConfigMapping(prefix = "treeline.outbox")
public interface OutboxConfig {

    /** Off only in tests that need to observe unsent rows (the crash window between commit and send). */
    @WithDefault("true")
    boolean enabled();

    /** How often the relay looks for rows written by other processes; local commits wake it at once. */
    @WithDefault("500ms")
    Duration pollInterval();

    @WithDefault("200")
    int batchSize();

    /**
     * The CloudEvents source of what this service publishes; default {@code /treeline/<application name>}.
     * Services running once per account set their own (e.g. {@code /treeline/deployer/prod}).
     */
    java.util.Optional<String> source();

    /** Sent rows older than this are deleted. */
    @WithDefault("P7D")
    Duration retention();
}
