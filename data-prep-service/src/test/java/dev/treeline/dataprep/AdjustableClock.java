package dev.treeline.dataprep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in every test: real time plus an offset the test moves forward, or held still while a
 * test needs "no time passes". It never goes back, so orderings by time stay true across tests.
 */
@Alternative
@Priority(1)
@Singleton
public class AdjustableClock extends Clock {

    private Duration offset = Duration.ZERO;
    private Instant heldAt;

    @Override
    public synchronized Instant instant() {
        return heldAt != null ? heldAt : Instant.now().plus(offset);
    }

    /** Moves time forward (held or not). */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        offset = offset.plus(by);
        if (heldAt != null) {
            heldAt = heldAt.plus(by);
        }
    }

    /** Stops time where it is until {@link #release()}; {@link #advance} still moves it. */
    public synchronized void hold() {
        heldAt = instant();
    }

    /** Lets time run again from where it was held. */
    public synchronized void release() {
        if (heldAt != null) {
            offset = Duration.between(Instant.now(), heldAt);
            heldAt = null;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : Clock.fixed(instant(), zone);
    }
}
