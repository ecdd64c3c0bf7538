package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.support.s3.S3Config;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What may end up in a log (toString, exception messages) never carries a secret. */
class NoSecretInLogsTest {

    @Test
    void theS3ConfigurationPrintsWithoutItsSecret() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(S3Config.class)
                .withSources(new PropertiesConfigSource(Map.of("treeline.s3.bucket", "b",
                        "treeline.s3.access-key-id", "AKIDEXAMPLE", "treeline.s3.secret-access-key",
                        "s3-secret-do-not-log"), "test", 100)).build();
        S3Config s3 = config.getConfigMapping(S3Config.class);

        assertThat(s3.secretAccessKey()).contains("s3-secret-do-not-log");
        assertThat(String.valueOf(s3)).doesNotContain("s3-secret-do-not-log");
    }

    @Test
    void theAccessKeyEncryptionKeyNeitherPrintsNorAppearsInItsErrors() {
        String key = AccessKeySecrets.newEncryptionKey();
        AccessKeySecrets secrets = AccessKeySecrets.fromBase64(key);
        String wrongLength = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());

        assertThat(secrets.toString()).doesNotContain(key);
        assertThatThrownBy(() -> AccessKeySecrets.fromBase64(wrongLength)).message().doesNotContain(wrongLength);
        assertThatThrownBy(() -> AccessKeySecrets.fromBase64("not base64 but a secret!"))
                .message().doesNotContain("not base64 but a secret!");
    }

    @Test
    void anUndecryptableSecretsErrorNamesTheKeyIdButNotTheCiphertextOrSecret() {
        AccessKeySecrets secrets = AccessKeySecrets.fromBase64(AccessKeySecrets.newEncryptionKey());
        String ciphertext = secrets.encrypt("TLAKAAAAAAAAAAAAAAAA", "the-secret-access-key-of-forty-chars-xx");
        AccessKeySecrets other = AccessKeySecrets.fromBase64(AccessKeySecrets.newEncryptionKey());

        assertThatThrownBy(() -> other.decrypt("TLAKAAAAAAAAAAAAAAAA", ciphertext)).message()
                .contains("TLAKAAAAAAAAAAAAAAAA").doesNotContain(ciphertext)
                .doesNotContain("the-secret-access-key-of-forty-chars-xx");
    }

    @Test
    void theJwtStartUpRefusalNamesTheLocationOnly() {
        String refusal = JwtKeyCheck.refusal(io.quarkus.runtime.LaunchMode.NORMAL, java.util.Optional.empty(), false,
                l -> true).orElseThrow();

        assertThat(refusal).doesNotContain("BEGIN").contains(JwtKeyCheck.LOCATION);
    }
}
