package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class AccessKeySecretsTest {

    private final AccessKeySecrets secrets = AccessKeySecrets.fromBase64(AccessKeySecrets.newEncryptionKey());

    @Test
    void aSecretRoundTripsAndNeverAppearsInItsCiphertext() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        String sealed = secrets.encrypt("TLAKQ4VXN2M7P3RS8TUW", secret);
        assertThat(sealed).doesNotContain(secret);
        assertThat(new String(Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(secret);
        assertThat(secrets.decrypt("TLAKQ4VXN2M7P3RS8TUW", sealed)).isEqualTo(secret);
        assertThat(secrets.encrypt("TLAKQ4VXN2M7P3RS8TUW", secret)).as("random nonce").isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextMovedToAnotherKeyIdChangedOrUnderAnotherKeyIsRefused() {
        String sealed = secrets.encrypt("TLAKQ4VXN2M7P3RS8TUW", "secret");
        assertThatThrownBy(() -> secrets.decrypt("TLAKA1B2C3D4E5F6G7H8", sealed))
                .isInstanceOf(AccessKeySecrets.UndecryptableSecretException.class)
                .hasMessageContaining("TLAKA1B2C3D4E5F6G7H8");
        byte[] bytes = Base64.getDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        assertThatThrownBy(() -> secrets.decrypt("TLAKQ4VXN2M7P3RS8TUW", Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(AccessKeySecrets.UndecryptableSecretException.class);
        AccessKeySecrets other = AccessKeySecrets.fromBase64(AccessKeySecrets.newEncryptionKey());
        assertThatThrownBy(() -> other.decrypt("TLAKQ4VXN2M7P3RS8TUW", sealed))
                .isInstanceOf(AccessKeySecrets.UndecryptableSecretException.class)
                .hasMessageContaining("another treeline.access-keys.encryption-key");
        assertThatThrownBy(() -> secrets.decrypt("TLAKQ4VXN2M7P3RS8TUW", "%%%"))
                .hasMessageContaining("not base64");
    }

    @Test
    void aKeyThatIsNotBase64Of32BytesStopsStartUpWithoutShowingIt() {
        assertThatThrownBy(() -> AccessKeySecrets.fromBase64("not-base64-secret!"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("not-base64-secret");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> AccessKeySecrets.fromBase64(shortKey))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not 16")
                .hasMessageNotContaining(shortKey);
        assertThat(secrets.toString()).doesNotContain(AccessKeySecrets.newEncryptionKey().substring(0, 4) + "zz");
    }
}
