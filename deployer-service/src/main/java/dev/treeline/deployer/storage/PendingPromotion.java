package dev.treeline.deployer.storage;

import java.time.Instant;

/** An approval waiting for the account's promotion delay. */
public record PendingPromotion(String modelGroup, int version, Instant approvedAt, Instant dueAt) {
}
