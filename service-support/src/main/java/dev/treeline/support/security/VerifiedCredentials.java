package dev.treeline.support.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers which (user, password) pairs were verified against which stored bcrypt hash, so that a client
 * sending HTTP Basic on every request (the CLI, scripts) pays one bcrypt check (~50-100 ms of CPU), not one
 * per request. A pair is accepted from memory only while the user's stored hash is still the one it was
 * verified against: a password change (on any replica) takes effect at once, and roles are always read
 * fresh. Passwords are never kept: the key is an HMAC under a random per-process key.
 */
public final class VerifiedCredentials {

    private final Cache<String, String> verified;
    private final SecretKeySpec key;

    public VerifiedCredentials(int maxEntries, Duration ttl) {
        this.verified = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Whether this exact pair was verified before against {@code storedHash}. */
    public boolean known(String username, char[] password, String storedHash) {
        return storedHash != null && storedHash.equals(verified.getIfPresent(fingerprint(username, password)));
    }

    public void remember(String username, char[] password, String storedHash) {
        verified.put(fingerprint(username, password), storedHash);
    }

    private String fingerprint(String username, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
