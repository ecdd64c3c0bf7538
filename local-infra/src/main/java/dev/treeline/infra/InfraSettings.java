package dev.treeline.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/** How to reach the running infrastructure: what services and people need to connect. */
public record InfraSettings(String kafkaBootstrapServers, String postgresHost, int postgresPort, String postgresUser,
        String postgresPassword, String s3Endpoint, String s3Region, String s3AccessKeyId, String s3SecretAccessKey) {

    private static final String SEPARATOR = "\u001f";

    /** One line to hand the settings to other class loaders of the same JVM (a system property). */
    String encode() {
        return String.join(SEPARATOR, kafkaBootstrapServers, postgresHost, Integer.toString(postgresPort), postgresUser,
                postgresPassword, s3Endpoint, s3Region, s3AccessKeyId, s3SecretAccessKey);
    }

    static InfraSettings decode(String encoded) {
        String[] f = encoded.split(SEPARATOR, -1);
        return new InfraSettings(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], f[5], f[6], f[7], f[8]);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
    }

    /** Quarkus configuration for a service whose own database is {@code database}. */
    public Map<String, String> quarkusConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", postgresUser);
        config.put("quarkus.datasource.password", postgresPassword);
        config.putAll(s3Config());
        return config;
    }

    public Map<String, String> s3Config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("treeline.s3.endpoint", s3Endpoint);
        config.put("treeline.s3.region", s3Region);
        config.put("treeline.s3.access-key-id", s3AccessKeyId);
        config.put("treeline.s3.secret-access-key", s3SecretAccessKey);
        config.put("treeline.s3.path-style-access", "true");
        return config;
    }

    /** The same settings as environment variables, the way services and docker-compose take them. */
    public static Map<String, String> asEnvironment(Map<String, String> quarkusConfig) {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig.forEach((k, v) -> env.put(toEnvName(k), v));
        return env;
    }

    /** MicroProfile Config's mapping: every non-alphanumeric character becomes '_', upper case. */
    public static String toEnvName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    public String describe() {
        return String.join("\n",
                "  Kafka bootstrap servers : " + kafkaBootstrapServers,
                "  PostgreSQL              : " + jdbcUrl("<database>") + "  user " + postgresUser
                        + (postgresPassword.isEmpty() ? " (no password, loopback trust)" : ""),
                "  S3 endpoint             : " + s3Endpoint + "  region " + s3Region + "  path-style",
                "  S3 access key / secret  : " + s3AccessKeyId + " / " + masked(s3SecretAccessKey)
                        + " (the services get it as TREELINE_S3_SECRET_ACCESS_KEY)");
    }

    /** Without the PostgreSQL password and the S3 secret: this may end up in a log. */
    @Override
    public String toString() {
        return "InfraSettings[kafka=" + kafkaBootstrapServers + ", postgres=" + postgresHost + ":" + postgresPort
                + " user " + postgresUser + " password " + masked(postgresPassword) + ", s3=" + s3Endpoint + " "
                + s3Region + " key " + s3AccessKeyId + " secret " + masked(s3SecretAccessKey) + "]";
    }

    private static String masked(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "(hidden)";
    }
}
