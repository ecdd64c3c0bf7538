package dev.treeline.support.security.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer the canonical request and the string to sign are written into as UTF-8, to be hashed
 * without ever becoming a String (one per thread in the verifier, reused; see {@link #reset()}).
 */
final class CanonicalBytes {

    /** Past this size a buffer is not kept for the next request (a request with unusually large headers). */
    static final int KEPT_CAPACITY = 64 * 1024;
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    CanonicalBytes(int capacity) {
        this.bytes = new byte[capacity];
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    void reset() {
        length = 0;
        if (bytes.length > KEPT_CAPACITY) {
            bytes = new byte[KEPT_CAPACITY / 16];
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    CanonicalBytes append(char c) {
        if (c < 0x80) {
            ensure(1);
            bytes[length++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c), 0, 1);
    }

    CanonicalBytes append(String s) {
        return append(s, 0, s.length());
    }

    CanonicalBytes append(Span s) {
        return append(s.text(), s.from(), s.to());
    }

    /** Characters [from, to) of {@code s} as UTF-8 (an unpaired surrogate becomes '?', as String.getBytes does). */
    CanonicalBytes append(String s, int from, int to) {
        return write(s, from, to, false);
    }

    /** Appends the non-ASCII character at {@code i} (a surrogate pair: both) as UTF-8; the index of its last char. */
    private int appendEncoded(String s, int i, int to) {
        char c = s.charAt(i);
        int next = i + 1 < to && Character.isHighSurrogate(c) && Character.isLowSurrogate(s.charAt(i + 1))
                ? i + 2 : i + 1;
        byte[] encoded = s.substring(i, next).getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length + (to - next));
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return next - 1;
    }

    /**
     * A header value as the canonical request has it: without leading/trailing whitespace and with each inner run
     * of whitespace as one space.
     */
    CanonicalBytes appendTrimmed(String value) {
        return write(value, 0, value.length(), true);
    }

    /** Writes [from, to) of {@code s} as UTF-8; with {@code fold}, whitespace as {@link #appendTrimmed} says. */
    private CanonicalBytes write(String s, int from, int to, boolean fold) {
        ensure(to - from);
        byte[] b = bytes;
        int n = length;
        boolean pendingSpace = false;
        boolean any = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (fold && c <= ' ' && isSpace(c)) {
                pendingSpace = any;
                continue;
            }
            if (pendingSpace) {
                b[n++] = ' '; // fits: the whitespace it stands for was not written
                pendingSpace = false;
            }
            any = true;
            if (c >= 0x80) {
                length = n;
                i = appendEncoded(s, i, to);
                b = bytes;
                n = length;
                continue;
            }
            b[n++] = (byte) c;
        }
        length = n;
        return this;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    /** The lower-case hex of {@code data[0, n)}. */
    CanonicalBytes appendHex(byte[] data, int n) {
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            bytes[length++] = LOWER_HEX[b >>> 4];
            bytes[length++] = LOWER_HEX[b & 0xf];
        }
        return this;
    }

    /** Bytes [from, to) decoded, for a diagnostic (a signature mismatch): never on the accepting path. */
    String toString(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return toString(0, length);
    }
}
