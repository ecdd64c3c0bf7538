package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.launcher.DemoIdentities.KeyAction;
import dev.treeline.launcher.DemoIdentities.ListedKey;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whether a restart reuses the demo invoker's saved key or makes one (the registry allows two active keys). */
class DemoIdentitiesTest {

    static final ListedKey SAVED = new ListedKey("TLAKSAVEDSAVEDSAVED2", "Active", "2026-12-01T10:00:00Z");
    static final ListedKey OTHER = new ListedKey("TLAKOTHEROTHEROTHER2", "Active", "2026-12-01T09:00:00Z");
    static final ListedKey REVOKED_SAVED = new ListedKey("TLAKSAVEDSAVEDSAVED2", "Revoked", "2026-12-01T10:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first start: no file, no key", Optional.empty(), List.of(), KeyAction.CREATE),
                Arguments.of("restart: the saved key is active", Optional.of(SAVED.accessKeyId()),
                        List.of(OTHER, SAVED), KeyAction.REUSE),
                Arguments.of("the saved key was revoked", Optional.of(SAVED.accessKeyId()), List.of(REVOKED_SAVED),
                        KeyAction.CREATE),
                Arguments.of("the file is gone, one key active", Optional.empty(), List.of(OTHER), KeyAction.CREATE),
                Arguments.of("the file is gone, two keys active", Optional.empty(), List.of(OTHER, SAVED),
                        KeyAction.REVOKE_OLDEST_THEN_CREATE),
                Arguments.of("a file from another data dir, two keys active", Optional.of("TLAKELSEWHEREELSEWH2"),
                        List.of(OTHER, SAVED), KeyAction.REVOKE_OLDEST_THEN_CREATE));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("cases")
    void decidesWhetherToReuseTheSavedKey(String what, Optional<String> saved, List<ListedKey> listed,
                                          KeyAction expected) {
        assertThat(DemoIdentities.keyAction(saved, listed)).isEqualTo(expected);
    }
}
