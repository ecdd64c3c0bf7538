package dev.treeline.deployer.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class ConfiguredAdminsTest {

    @Test
    void usersWhoseValueIsNotABcryptHashAreNamedSoStartUpCanRefuseThem() {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "treeline.admin.users.ops", "$2a$10$Uv.X8YbOX38TyRduZZ4oxukwbdDLJUUQRZhEfwUQg7tMm9d0YDwxe",
                "treeline.admin.users.legacy", "16175223c8ddce5ace0493c948569c211b03c4c6bb3d3e484434999448cffe01",
                "treeline.admin.users.plain", "admin-secret",
                "treeline.admin.roles.ops", "admin"), "test", 100)).build();

        assertThat(ConfiguredAdmins.invalidUsers(config)).containsExactlyInAnyOrder("legacy", "plain");
    }
}
