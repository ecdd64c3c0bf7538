package dev.treeline.dataprep;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one clock of the service: whatever time decides (drift cooldown, run timestamps and timings, the
 * extraction window, skipped-request times) reads it, so tests can replace it with one they move.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
