package dev.treeline.support.security.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Derived SigV4 signing keys ({@code HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")}),
 * one per (access key id, day, region, service), bounded. A key derived for a secret is used only while the key
 * table still holds that same secret; revocation is checked before the cache is consulted.
 */
final class SigningKeyCache {

    private record Scope(String accessKeyId, String date, String region, String service) {
    }

    /** Holds the secret it was derived from, to notice a changed secret; no toString, nothing of it is logged. */
    private static final class Entry {
        final String secret;
        final byte[] signingKey;

        Entry(String secret, byte[] signingKey) {
            this.secret = secret;
            this.signingKey = signingKey;
        }

        @Override
        public String toString() {
            return "SigningKey[****]";
        }
    }

    private final Cache<Scope, Entry> cache;
    private final LongAdder derivations = new LongAdder();

    SigningKeyCache(int maximumSize) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    byte[] signingKey(AccessKeyLookup.AccessKey key, String date, String region, String service) {
        Scope scope = new Scope(key.accessKeyId(), date, region, service);
        Entry entry = cache.getIfPresent(scope);
        if (entry == null || !sameSecret(entry.secret, key.secret())) {
            entry = new Entry(key.secret(), derive(key.secret(), date, region, service));
            derivations.increment();
            cache.put(scope, entry);
        }
        return entry.signingKey;
    }

    /** Whether two secrets are the same (constant time unless they are the same object). */
    static boolean sameSecret(String cached, String current) {
        return cached == current || java.security.MessageDigest.isEqual(
                cached.getBytes(StandardCharsets.UTF_8), current.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] derive(String secret, String date, String region, String service) {
        byte[] k = Crypto.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = Crypto.hmac(k, region);
        k = Crypto.hmac(k, service);
        return Crypto.hmac(k, "aws4_request");
    }

    /** How many keys were derived so far (a cache miss or a changed secret). */
    long derivations() {
        return derivations.sum();
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
