package dev.treeline.support.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;

/**
 * Settings from files, one file per setting, as Kubernetes mounts a Secret and docker-compose mounts its secrets:
 * with {@code treeline.secrets.dir} (env {@code TREELINE_SECRETS_DIR}; a comma-separated list for several
 * directories) every regular file in those directories is a setting whose name is the file name and whose value
 * is the file's content (UTF-8, trailing line breaks removed). A file may be named like the property
 * ({@code quarkus.datasource.password}) or like its environment variable ({@code QUARKUS_DATASOURCE_PASSWORD}).
 * <p>
 * Ordinal {@value #ORDINAL}: a file wins over {@code application.properties} (250, its profile entries included)
 * and loses to an environment variable (300) or a system property (400). Hidden files (Kubernetes' {@code ..data}
 * links) are skipped. A configured directory that does not exist stops the start. Values are never logged.
 * <p>
 * (SmallRye's own {@code smallrye-config-source-file-system} does the same but is not served by our Maven mirror.)
 */
public class SecretFilesConfigSourceFactory implements ConfigSourceFactory {

    public static final String DIRECTORIES = "treeline.secrets.dir";
    public static final int ORDINAL = 290;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(DIRECTORIES);
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return List.of();
        }
        List<ConfigSource> sources = new ArrayList<>();
        for (String directory : Arrays.stream(value.getValue().split(",")).map(String::trim)
                .filter(d -> !d.isEmpty()).toList()) {
            sources.add(fromDirectory(Path.of(directory)));
        }
        return sources;
    }

    /** The settings of one directory as a config source (what the factory builds for each). */
    public static ConfigSource fromDirectory(Path directory) {
        return new SecretFilesConfigSource(directory, read(directory));
    }

    static Map<String, String> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(DIRECTORIES + " names " + directory.toAbsolutePath()
                    + ", which is not a directory");
        }
        Map<String, String> settings = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                settings.put(name, withoutTrailingLineBreaks(Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets in " + directory.toAbsolutePath(), e);
        }
        return settings;
    }

    static String withoutTrailingLineBreaks(String content) {
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }

    /** An environment-style source, so that {@code QUARKUS_DATASOURCE_PASSWORD} matches as an env variable does. */
    static final class SecretFilesConfigSource extends EnvConfigSource {

        private final String name;

        SecretFilesConfigSource(Path directory, Map<String, String> settings) {
            super(settings, ORDINAL);
            this.name = "SecretFilesConfigSource[" + directory.toAbsolutePath() + "]";
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return name + " " + getPropertyNames().size() + " settings";
        }
    }
}
