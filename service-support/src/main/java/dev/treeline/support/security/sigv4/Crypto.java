package dev.treeline.support.security.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and SHA-256 with per-thread instances (getInstance is a provider lookup). */
final class Crypto {

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private Crypto() {
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 key rejected", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] data) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HEX.formatHex(md.digest(data));
    }

    static String sha256Hex(String data) {
        return sha256Hex(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code hex} is the lower-case hex of {@code bytes}, in time that depends only on the lengths (the
     * signature comparison: no early exit that would tell a caller how many leading characters were right).
     */
    static boolean hexEquals(byte[] bytes, String hex) {
        if (hex.length() != bytes.length * 2) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            diff |= hex.charAt(2 * i) ^ LOWER_HEX[b >>> 4];
            diff |= hex.charAt(2 * i + 1) ^ LOWER_HEX[b & 0xf];
        }
        return diff == 0;
    }

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
