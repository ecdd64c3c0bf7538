package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfraSettingsTest {

    private final InfraSettings settings = new InfraSettings("127.0.0.1:19092", "127.0.0.1", 15432, "postgres",
            "pg-password-1234", "http://127.0.0.1:19000", "us-east-1", "treeline", "s3-secret-5678");

    @Test
    void whatMayBeLoggedHidesThePasswordAndTheS3Secret() {
        assertThat(settings.describe()).contains("treeline / (hidden)").doesNotContain("s3-secret-5678")
                .doesNotContain("pg-password-1234");
        assertThat(settings.toString()).contains("127.0.0.1:19092", "postgres", "treeline")
                .doesNotContain("s3-secret-5678").doesNotContain("pg-password-1234");
    }

    @Test
    void theServicesStillGetTheSecrets() {
        assertThat(settings.quarkusConfig("app")).containsEntry("treeline.s3.secret-access-key", "s3-secret-5678")
                .containsEntry("quarkus.datasource.password", "pg-password-1234");
        assertThat(InfraSettings.decode(settings.encode())).isEqualTo(settings);
    }
}
