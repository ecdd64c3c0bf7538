package dev.treeline.tuning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system clock plus an offset a test moves forward (never back, so jobs created
 * later stay younger, as parent selection expects). Replaces the default clock of service-support's {@code ClockProducer}.
 */
public final class MovableClock extends Clock {

    private static final MovableClock INSTANCE = new MovableClock();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** The CDI producer that replaces the service's default clock. */
    @Singleton
    public static class Producer {
        @Produces
        @Singleton
        Clock clock() {
            return INSTANCE;
        }
    }

    public static MovableClock get() {
        return INSTANCE;
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service clock is UTC");
    }
}
