package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.cli.TokenCache.CachedToken;
import dev.treeline.cli.TokenCache.Decision;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The token cache file and the pure decision whether a command uses it, logs in again, or asks the person to. */
class TokenCacheTest {

    static final Instant NOW = Instant.parse("2026-12-02T00:30:00Z");
    static final URI REGISTRY = URI.create("http://localhost:8083");

    static CachedToken token(String registry, Instant expiresAt) {
        return new CachedToken(registry, "alice", List.of("approver"), "eyJ.token", expiresAt);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("valid for minutes", Optional.of(token("http://localhost:8083", NOW.plusSeconds(240))),
                        false, Decision.USE_CACHED),
                Arguments.of("valid, credentials given too", Optional.of(token("http://localhost:8083/",
                        NOW.plusSeconds(240))), true, Decision.USE_CACHED),
                Arguments.of("expires within the renewal margin", Optional.of(token("http://localhost:8083",
                        NOW.plusSeconds(10))), true, Decision.LOG_IN),
                Arguments.of("expired, credentials given", Optional.of(token("http://localhost:8083",
                        NOW.minusSeconds(1))), true, Decision.LOG_IN),
                Arguments.of("expired, no credentials", Optional.of(token("http://localhost:8083",
                        NOW.minusSeconds(1))), false, Decision.ASK_TO_LOG_IN),
                Arguments.of("another registry's token", Optional.of(token("https://registry.example",
                        NOW.plusSeconds(240))), false, Decision.ASK_TO_LOG_IN),
                Arguments.of("never logged in, credentials given", Optional.empty(), true, Decision.LOG_IN),
                Arguments.of("never logged in", Optional.empty(), false, Decision.ASK_TO_LOG_IN));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("decisions")
    void decidesWhetherToUseTheTokenLogInAgainOrAskTheUser(String what, Optional<CachedToken> cached,
                                                            boolean credentials, Decision expected) {
        assertThat(TokenCache.decide(cached, REGISTRY, credentials, NOW)).isEqualTo(expected);
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnlyAndReadsBack(@TempDir Path dir) throws Exception {
        TokenCache cache = new TokenCache(dir.resolve("nested/treeline/token.json"));
        CachedToken written = token("http://localhost:8083", NOW);
        cache.write(written);
        cache.write(written); // replaces, still 0600

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file()))).isEqualTo("rw-------");
        assertThat(cache.read()).contains(written);
        assertThat(written.toString()).doesNotContain("eyJ.token");
        assertThat(cache.delete()).isTrue();
        assertThat(cache.read()).isEmpty();
    }

    @Test
    void anUnreadableFileIsNoToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token.json");
        Files.writeString(file, "not json");
        assertThat(new TokenCache(file).read()).isEmpty();
    }
}
