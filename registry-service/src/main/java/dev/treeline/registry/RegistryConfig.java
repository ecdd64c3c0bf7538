package dev.treeline.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the registry ({@code treeline.registry.*}). */
@ConfigMapping(prefix = "treeline.registry")
public interface RegistryConfig {

    /** The first administrator, created at start-up while no user has the admin role. */
    BootstrapAdmin bootstrapAdmin();

    /** Automatic rejection gates by model group; a group without an entry has none. */
    Map<String, Gate> gates();

    /** How long a token from {@code POST /auth/token} is valid: revoking a user or a role takes at most this long. */
    @WithDefault("PT5M")
    Duration tokenLifetime();

    AccessKeys accessKeys();

    interface AccessKeys {
        /** How often the whole key table is published again (also at start-up), for consumers that missed it. */
        @WithDefault("PT1H")
        Duration republishInterval();
    }

    interface BootstrapAdmin {
        Optional<String> username();

        Optional<String> password();

        /** Whether a well-known password (admin, or the username) may be used; for developer machines only. */
        @WithDefault("false")
        boolean allowWellKnownPassword();
    }

    /**
     * Rejects a new version whose primary test metric is worse than the currently approved
     * version's by more than {@code maxDegradationPercent} percent.
     */
    interface Gate {
        /** The test metric compared, e.g. {@code rmse} or {@code auc}. */
        String metric();

        double maxDegradationPercent();

        /** Whether a larger value is better; when unset it follows from the metric's name (auc, r2, accuracy...). */
        Optional<Boolean> higherIsBetter();

    }
}
