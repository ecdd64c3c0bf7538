package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.runtime.LaunchMode;

class JwtKeyCheckTest {

    private static final Set<String> READABLE = Set.of("/etc/treeline/jwt/public.pem", "treeline-test-jwt/public.pem");

    @ParameterizedTest(name = "{0} location={1} inline={2} -> {3}")
    @CsvSource(nullValues = "none", value = {
            "NORMAL,      /etc/treeline/jwt/public.pem,     false, starts",
            "NORMAL,      none,                             false, refuses: is not set",
            "NORMAL,      '  ',                             false, refuses: is not set",
            "NORMAL,      none,                             true,  starts",
            "NORMAL,      /etc/treeline/jwt/missing.pem,    false, refuses: neither a readable file",
            "NORMAL,      https://registry/jwks.json,       false, starts",
            "NORMAL,      treeline-test-jwt/public.pem,     false, starts",
            "TEST,        none,                             false, starts",
            "DEVELOPMENT, /etc/treeline/jwt/missing.pem,    false, starts" })
    void aPackagedServiceStartsOnlyWithAReadablePublicKey(LaunchMode mode, String location, boolean inline,
                                                          String expected) {
        Optional<String> refusal = JwtKeyCheck.refusal(mode, Optional.ofNullable(location), inline,
                READABLE::contains);

        if (expected.equals("starts")) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).get().asString().startsWith("Refusing to start: mp.jwt.verify.publickey.location"
                    + " (env MP_JWT_VERIFY_PUBLICKEY_LOCATION)").contains(expected.substring("refuses: ".length()));
        }
    }

    @Test
    void theMessageNamesTheLocationButNeverAKey() {
        String refusal = JwtKeyCheck.refusal(LaunchMode.NORMAL, Optional.of("/run/secrets/jwt.pem"), false,
                l -> false).orElseThrow();

        assertThat(refusal).contains("/run/secrets/jwt.pem").doesNotContain("BEGIN");
    }

    @Test
    void filesFileUrlsAndClasspathResourcesCountAsReadable(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----");

        assertThat(JwtKeyStartupCheck.readable(pem.toString())).isTrue();
        assertThat(JwtKeyStartupCheck.readable("file:" + pem)).isTrue();
        assertThat(JwtKeyStartupCheck.readable("classpath:treeline-test-jwt/public.pem")).isTrue();
        assertThat(JwtKeyStartupCheck.readable("treeline-test-jwt/public.pem")).isTrue();
        assertThat(JwtKeyStartupCheck.readable(dir.resolve("missing.pem").toString())).isFalse();
        assertThat(JwtKeyStartupCheck.readable(dir.toString())).isFalse();
    }
}
