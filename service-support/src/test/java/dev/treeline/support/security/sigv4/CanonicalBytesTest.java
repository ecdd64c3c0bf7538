package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical request buffer writes exactly the UTF-8 bytes of the String the canonical request used to be. */
class CanonicalBytesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "text/csv", "caf\u00e9 cr\u00e8me", "\u20ac 5", "\ud83c\udf33 treeline",
            "lone \ud83c high", "lone \udf33 low", "end \ud83c", "a\u0000b\u007f\u0080\u00ff"})
    void appendIsUtf8AsStringGetBytes(String s) {
        CanonicalBytes out = new CanonicalBytes(2); // grows as needed
        out.append("x:").append(s).append('\n').append(new Span("<<" + s + ">>", 2, 2 + s.length()));

        assertThat(Arrays.copyOf(out.array(), out.length()))
                .isEqualTo(("x:" + s + "\n" + s).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "text/csv", "  text/csv  ", "a  b\t\tc\r\nd", "\tleading", "trailing \n",
            "caf\u00e9  \u00e9t\u00e9", "\ud83c\udf33   tree ", " \u00a0 no-break is not whitespace"})
    void appendTrimmedFoldsWhitespaceAsTheSpecificationSays(String value) {
        CanonicalBytes out = new CanonicalBytes(1);
        out.appendTrimmed(value);

        assertThat(out.toString()).isEqualTo(reference(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32})
    void appendHexIsLowerCase(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 37 - 100);
        }
        CanonicalBytes out = new CanonicalBytes(4);
        out.appendHex(data, n);

        assertThat(out.toString()).isEqualTo(java.util.HexFormat.of().formatHex(data));
    }

    @ParameterizedTest
    @ValueSource(ints = {CanonicalBytes.KEPT_CAPACITY, CanonicalBytes.KEPT_CAPACITY + 1})
    void anOversizedBufferIsNotKept(int size) {
        CanonicalBytes out = new CanonicalBytes(16);
        out.append("x".repeat(size));
        out.reset();

        assertThat(out.length()).isZero();
        assertThat(out.array().length).isLessThanOrEqualTo(CanonicalBytes.KEPT_CAPACITY);
    }

    /** Trim, then every inner run of whitespace as one space (what the StringBuilder version did). */
    private static String reference(String value) {
        return value.replaceAll("[ \t\n\r\f\u000b]+", " ").replaceAll("^ | $", "");
    }
}
