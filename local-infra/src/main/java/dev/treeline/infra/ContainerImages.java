package dev.treeline.infra;

import java.util.function.UnaryOperator;

/**
 * The Docker images of {@link InfraBackend#TESTCONTAINERS}: the versions the embedded servers run where
 * an image of that version exists. Each can be replaced (a mirror, another tag) with a system property.
 */
record ContainerImages(String kafka, String postgres, String minio) {

    /** The broker version infra-dist runs embedded ({@code kafka.version}); a test keeps the two equal. */
    static final String KAFKA = "apache/kafka:4.4.0";
    /** The major version of the embedded binaries (zonky 18.6.0). */
    static final String POSTGRES = "postgres:18";
    /** MinIO's last published community image; it publishes source only since late 2025. */
    static final String MINIO = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    static final String KAFKA_PROPERTY = "treeline.infra.kafka-image";
    static final String POSTGRES_PROPERTY = "treeline.infra.postgres-image";
    static final String MINIO_PROPERTY = "treeline.infra.minio-image";

    static ContainerImages fromSystemProperties() {
        return from(System::getProperty);
    }

    static ContainerImages from(UnaryOperator<String> properties) {
        return new ContainerImages(orDefault(properties.apply(KAFKA_PROPERTY), KAFKA),
                orDefault(properties.apply(POSTGRES_PROPERTY), POSTGRES),
                orDefault(properties.apply(MINIO_PROPERTY), MINIO));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
