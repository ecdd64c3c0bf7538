package dev.treeline.registry.keys;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Fresh key ids and secrets in the AWS shape: id {@code TLAK} + 16 characters of the base32 alphabet [A-Z2-7]
 * (80 random bits), secret 40 characters (base64 of 30 random bytes).
 */
public final class NewAccessKeys {

    public static final String ID_PREFIX = "TLAK";
    public static final String ID_PATTERN = ID_PREFIX + "[A-Z2-7]{16}";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private NewAccessKeys() {
    }

    public static String id() {
        StringBuilder id = new StringBuilder(ID_PREFIX);
        for (int i = 0; i < 16; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    public static String secret() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
