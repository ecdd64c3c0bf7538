package dev.treeline.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * Replaces the default clock (service-support's {@code ClockProducer}) in every test: the wall clock until a test sets the time, then that
 * instant until the test moves it on or {@link #followWallClock()} is called.
 */
@Alternative
@Priority(1)
@Singleton
public class SettableClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    public void set(Instant instant) {
        fixed.set(instant);
    }

    public void advance(Duration by) {
        fixed.updateAndGet(at -> (at == null ? Instant.now() : at).plus(by));
    }

    public void followWallClock() {
        fixed.set(null);
    }

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at == null ? Instant.now() : at;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the registry works in UTC");
    }
}
