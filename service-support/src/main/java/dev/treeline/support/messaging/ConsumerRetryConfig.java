package dev.treeline.support.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a consumer keeps retrying an event whose handling failed transiently ({@code treeline.consumer-retry.*}).
 * The defaults ride out about 6 s of database unavailability, well inside Kafka's poll interval and SmallRye's
 * unprocessed-record age limit (60 s), before the event goes to the dead-letter topic.
 */
@ConfigMapping(prefix = "treeline.consumer-retry")
public interface ConsumerRetryConfig {

    /** Retries after the first attempt; 0 dead-letters on the first failure. */
    @WithDefault("5")
    int maxRetries();

    /** Delay before the first retry; doubles on every further retry. */
    @WithDefault("200ms")
    Duration delay();

    @WithDefault("5s")
    Duration maxDelay();
}
