package dev.treeline.support.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts access-key secrets with the key-encryption key the registry and every deployer share
 * ({@code treeline.access-keys.encryption-key}: base64 of 32 random bytes, e.g. {@code openssl rand -base64 32}).
 * SigV4 needs the secret itself on the verifying side, so it cannot be hashed like a password; it is stored and
 * published only as AES-256-GCM ciphertext (random 12-byte nonce, the key id as associated data, so a ciphertext
 * cannot be moved to another key id). {@link #toString()} never shows the key.
 */
public final class AccessKeySecrets {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private AccessKeySecrets(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /**
     * From the configured base64 value.
     *
     * @throws IllegalStateException if it is not base64 of exactly 32 bytes (a configuration error that must stop
     *                               start-up; the message never contains the value)
     */
    public static AccessKeySecrets fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(Objects.requireNonNull(base64, "encryption key").trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("treeline.access-keys.encryption-key is not base64"
                    + " (make one with `openssl rand -base64 32`)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("treeline.access-keys.encryption-key must be 32 bytes (base64 of"
                    + " `openssl rand -base64 32`), not " + bytes.length);
        }
        return new AccessKeySecrets(bytes);
    }

    /** A fresh random key in the configured form (the local run generates one). */
    public static String newEncryptionKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** base64(nonce || ciphertext+tag) of {@code secret}, bound to {@code accessKeyId}. */
    public String encrypt(String accessKeyId, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret of {@code accessKeyId}.
     *
     * @throws UndecryptableSecretException if the ciphertext was made with another key, for another key id, or
     *                                      was changed
     */
    public String decrypt(String accessKeyId, String ciphertext) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new UndecryptableSecretException(accessKeyId, "not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UndecryptableSecretException(accessKeyId, "too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UndecryptableSecretException(accessKeyId,
                    "encrypted with another treeline.access-keys.encryption-key, or changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public String toString() {
        return "AccessKeySecrets[key=****]";
    }

    /** A secret that does not decrypt with this installation's key. */
    public static final class UndecryptableSecretException extends RuntimeException {
        public UndecryptableSecretException(String accessKeyId, String why) {
            super("the secret of access key " + accessKeyId + " does not decrypt: " + why);
        }
    }
}
