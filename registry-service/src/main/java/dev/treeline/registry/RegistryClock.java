package dev.treeline.registry;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one source of "now" for registration, approval, audit and user times (UTC). Tests replace it with an
 * alternative bean, so they set the time instead of reading the wall clock.
 */
public class RegistryClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
