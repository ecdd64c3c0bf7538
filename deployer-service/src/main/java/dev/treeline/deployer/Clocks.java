package dev.treeline.deployer;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** The clock every time-dependent decision reads (promotion delay, event timestamps); tests replace it to move time. */
@Singleton
public class Clocks {

    @Produces
    @DefaultBean
    @Singleton
    Clock systemUtc() {
        return Clock.systemUTC();
    }
}
