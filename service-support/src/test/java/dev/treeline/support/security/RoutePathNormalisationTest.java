package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePathNormalisationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/runs/{id}                    | /runs/{id}",
            "/runs/{id: [0-9]+}            | /runs/{id}",
            "/runs/{ id }                  | /runs/{id}",
            "/runs/:id                     | /runs/{id}",
            "/users/:user/access-keys/:id  | /users/{user}/access-keys/{id}",
            "runs//{id}/                   | /runs/{id}",
            "/                             | /",
            "''                            | /",
            "/static/*                     | /static/*",
            "/groups/{group}/versions/{v:\\d+} | /groups/{group}/versions/{v}" })
    void jaxRsAndVertxTemplatesComeOutInOneForm(String raw, String normalised) {
        assertThat(RouteInventory.normalise(raw)).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({ "'',/runs,'',/runs", "/,/runs,/{id},/runs/{id}", "/api,runs,'',/api/runs" })
    void prefixClassAndMethodPathsJoinWithOneSlash(String prefix, String classPath, String methodPath, String full) {
        assertThat(RouteInventory.join(prefix, classPath, methodPath)).isEqualTo(full);
    }
}
