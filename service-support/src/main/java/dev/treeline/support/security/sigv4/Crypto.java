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
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(Crypto::newHmac);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Crypto::newSha256);

    private Crypto() {
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        init(mac, key);
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
    static boolean hexEquals(byte[] bytes, Span hex) {
        if (hex.length() != bytes.length * 2) {
            return false;
        }
        String text = hex.text();
        int at = hex.from();
        int diff = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            diff |= text.charAt(at + 2 * i) ^ LOWER_HEX[b >>> 4];
            diff |= text.charAt(at + 2 * i + 1) ^ LOWER_HEX[b & 0xf];
        }
        return diff == 0;
    }

    /**
     * Whether {@code hex} (hex digits, either case) is the hex of {@code bytes}: for a digest, not a secret, so an
     * early exit is fine.
     */
    static boolean hexEqualsIgnoreCase(byte[] bytes, String hex) {
        if (hex.length() != bytes.length * 2) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            // '| 0x20' folds A-F to a-f and leaves 0-9 (and every non-ASCII digit, which thus never matches) as is
            if ((hex.charAt(2 * i) | 0x20) != LOWER_HEX[b >>> 4]
                    || (hex.charAt(2 * i + 1) | 0x20) != LOWER_HEX[b & 0xf]) {
                return false;
            }
        }
        return true;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static Mac newHmac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code mac} ready to sign with {@code key} (kept so until the next init: doFinal resets it to this state). */
    static void init(Mac mac, byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 key rejected", e);
        }
    }

    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
