package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** -Dtreeline.infra picks the servers the shared test infrastructure starts. */
class InfraBackendTest {

    @Test
    void withNothingSelectedTheEmbeddedServersStart() {
        assertThat(InfraBackend.select(null)).isEqualTo(InfraBackend.EMBEDDED);
        assertThat(InfraBackend.select("")).isEqualTo(InfraBackend.EMBEDDED);
        assertThat(InfraBackend.select("  ")).isEqualTo(InfraBackend.EMBEDDED);
    }

    @Test
    void aBackendIsSelectedByItsNameWhateverTheCaseAndSurroundingSpaces() {
        assertThat(InfraBackend.select("testcontainers")).isEqualTo(InfraBackend.TESTCONTAINERS);
        assertThat(InfraBackend.select(" TestContainers ")).isEqualTo(InfraBackend.TESTCONTAINERS);
        assertThat(InfraBackend.select("embedded")).isEqualTo(InfraBackend.EMBEDDED);
        assertThat(InfraBackend.select("EMBEDDED")).isEqualTo(InfraBackend.EMBEDDED);
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesThatWork() {
        assertThatThrownBy(() -> InfraBackend.select("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dtreeline.infra=docker is not a test infrastructure local-infra knows")
                .hasMessageContaining("use embedded or testcontainers")
                .hasMessageContaining("embedded, the default");
    }

    @Test
    void theSelectionIsTheSystemPropertyTreelineInfra() {
        String before = System.getProperty("treeline.infra");
        try {
            System.setProperty("treeline.infra", "testcontainers");
            assertThat(InfraBackend.selected()).isEqualTo(InfraBackend.TESTCONTAINERS);
            System.clearProperty("treeline.infra");
            assertThat(InfraBackend.selected()).isEqualTo(InfraBackend.EMBEDDED);
        } finally {
            if (before == null) {
                System.clearProperty("treeline.infra");
            } else {
                System.setProperty("treeline.infra", before);
            }
        }
    }

    @Test
    void selectingTestcontainersWhereItIsNotOnTheClassPathSaysHowToGetItAndHowToGoBack() throws Exception {
        try (URLClassLoader withoutTestcontainers = new URLClassLoader(classPathWithout("/org/testcontainers/"),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> InfraBackend.requireTestcontainers(withoutTestcontainers))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-Dtreeline.infra=testcontainers selects Kafka, PostgreSQL and MinIO")
                    .hasMessageContaining("Testcontainers is not on the class path")
                    .hasMessageContaining("./mvnw test -Dtreeline.infra=testcontainers")
                    .hasMessageContaining("drop -Dtreeline.infra or set -Dtreeline.infra=embedded");
        }
        assertThatCode(() -> InfraBackend.requireTestcontainers(getClass().getClassLoader()))
                .as("local-infra's own tests have it (provided scope)").doesNotThrowAnyException();
    }

    private static URL[] classPathWithout(String excluded) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.replace(File.separatorChar, '/').contains(excluded)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
