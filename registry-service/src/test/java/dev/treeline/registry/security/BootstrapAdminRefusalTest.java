package dev.treeline.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BootstrapAdminRefusalTest {

    @Test
    void aWellKnownPasswordIsRefusedUnlessExplicitlyAllowed() {
        assertThat(BootstrapAdmin.refusal("admin", "admin", false)).get().asString()
                .contains("well-known password").contains("TREELINE_REGISTRY_BOOTSTRAP_ADMIN_PASSWORD");
        assertThat(BootstrapAdmin.refusal("ops-lead", "ops-lead", false)).isPresent();
        assertThat(BootstrapAdmin.refusal("root", "Password", false)).isPresent();
        assertThat(BootstrapAdmin.refusal("admin", "admin", true)).isEmpty();
    }

    @Test
    void aShortPasswordIsRefusedLikeThroughTheUsersApi() {
        assertThat(BootstrapAdmin.refusal("root", "s3cr3t", false)).get().asString()
                .contains("6 characters").contains("at least 8");
    }

    @Test
    void aSecretOfEightOrMoreCharactersIsAccepted() {
        assertThat(BootstrapAdmin.refusal("root", "correct-horse-battery", false)).isEmpty();
    }
}
