package dev.treeline.support.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SecretFilesConfigSourceTest {

    @TempDir
    Path secrets;

    @Test
    void aFileNamedLikeThePropertyIsItsValueWithoutTheTrailingLineBreak() throws IOException {
        Files.writeString(secrets.resolve("quarkus.datasource.password"), "s3cr3t with spaces \n");

        assertThat(config(Map.of()).getValue("quarkus.datasource.password", String.class))
                .isEqualTo("s3cr3t with spaces ");
    }

    @Test
    void aFileNamedLikeTheEnvironmentVariableWorksToo() throws IOException {
        Files.writeString(secrets.resolve("TREELINE_ACCESS_KEYS_ENCRYPTION_KEY"), "a2V5\r\n");

        assertThat(config(Map.of()).getValue("treeline.access-keys.encryption-key", String.class)).isEqualTo("a2V5");
    }

    @Test
    void aFileWinsOverApplicationPropertiesEvenItsProfileEntries() throws IOException {
        Files.writeString(secrets.resolve("treeline.s3.secret-access-key"), "from-the-file");

        SmallRyeConfig config = config(Map.of("treeline.s3.secret-access-key", "from-properties",
                "%prod.treeline.s3.secret-access-key", "from-prod-properties"));

        assertThat(config.getValue("treeline.s3.secret-access-key", String.class)).isEqualTo("from-the-file");
    }

    @Test
    void hiddenEntriesAndDirectoriesAreNotSettings() throws IOException {
        Files.createDirectory(secrets.resolve("..2026_12_02_00_00_00.1"));
        Files.writeString(secrets.resolve("..data"), "not a setting");
        Files.writeString(secrets.resolve("visible"), "yes");

        assertThat(SecretFilesConfigSourceFactory.fromDirectory(secrets).getPropertyNames())
                .containsExactly("visible");
    }

    @Test
    void theFactoryReadsEveryListedDirectory() throws IOException {
        Path other = Files.createDirectory(secrets.resolve("other"));
        Files.writeString(secrets.resolve("first"), "1");
        Files.writeString(other.resolve("second"), "2");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(SecretFilesConfigSourceFactory.DIRECTORIES,
                        secrets + " , " + other), "test", 100))
                .withSources(new SecretFilesConfigSourceFactory()).build();

        assertThat(config.getValue("first", String.class)).isEqualTo("1");
        assertThat(config.getValue("second", String.class)).isEqualTo("2");
    }

    @Test
    void aConfiguredDirectoryThatIsMissingStopsTheStart() {
        assertThatThrownBy(() -> SecretFilesConfigSourceFactory.fromDirectory(secrets.resolve("nope")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("treeline.secrets.dir names").hasMessageContaining("not a directory");
    }

    private SmallRyeConfig config(Map<String, String> applicationProperties) {
        return new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(SecretFilesConfigSourceFactory.fromDirectory(secrets)).build();
    }
}
