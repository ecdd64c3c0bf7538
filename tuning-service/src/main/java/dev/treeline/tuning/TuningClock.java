package dev.treeline.tuning;

import java.time.Clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The clock everything that decides by time reads (job names, start and finish times, the start-up check). */
@Dependent
public class TuningClock {

    /** The system clock in UTC; a test replaces it by producing its own {@link Clock}. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
