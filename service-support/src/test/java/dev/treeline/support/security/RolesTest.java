package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "viewer;viewer",
            "invoker;invoker",
            "operator;viewer,invoker,operator",
            "approver;viewer,invoker,approver",
            "admin;viewer,invoker,operator,approver,admin",
            "viewer,invoker;viewer,invoker",
            "approver,operator;viewer,invoker,operator,approver",
            "nobody;''",
    })
    void effectiveRolesAreTheStoredOnesPlusWhatTheyImply(String stored, String expected) {
        Set<String> effective = Roles.effective(List.of(stored.split(",")));
        assertThat(effective).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @ParameterizedTest(name = "without {0}: {1}")
    @CsvSource(delimiter = ';', value = {
            "viewer;invoker",
            "invoker;viewer",
            "operator;viewer,invoker,approver",
            "approver;viewer,invoker,operator",
            "admin;viewer,invoker,operator,approver",
    })
    void notGrantingListsEveryRoleThatDoesNotImplyIt(String role, String expected) {
        assertThat(Roles.notGranting(role)).containsExactly(expected.split(","));
        assertThat(Roles.grants(Roles.notGranting(role), role)).isFalse();
        assertThat(Roles.grants(List.of(role), role)).isTrue();
    }
}
