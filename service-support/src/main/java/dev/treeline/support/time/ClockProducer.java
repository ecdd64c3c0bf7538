package dev.treeline.support.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one clock of every service: whatever time decides (promotion delays, drift cooldowns, run and event
 * timestamps, job names) reads an injected {@link Clock}. A test replaces it with a clock bean of its own
 * (any other {@code Clock} bean wins over this default) and moves time instead of sleeping.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock systemUtc() {
        return Clock.systemUTC();
    }
}
