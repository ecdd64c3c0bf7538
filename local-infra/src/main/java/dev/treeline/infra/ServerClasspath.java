package dev.treeline.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of an external server (Kafka broker, S3Proxy), recorded by the infra-dist module at
 * build time as absolute paths into the local Maven repository.
 */
public final class ServerClasspath {

    private ServerClasspath() {
    }

    static List<Path> of(String server) {
        String resource = "treeline-infra/" + server + ".classpath";
        try (InputStream in = ServerClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath: build infra-dist first"
                        + " (./mvnw install -DskipTests)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<Path> jars = Arrays.stream(text.split(java.io.File.pathSeparator)).map(String::trim)
                    .filter(s -> !s.isEmpty()).map(Path::of).toList();
            List<Path> missing = jars.stream().filter(p -> !Files.isRegularFile(p)).toList();
            if (jars.isEmpty() || !missing.isEmpty()) {
                throw new IllegalStateException("the " + server + " jars recorded at build time are missing ("
                        + missing + "); rebuild with ./mvnw install -DskipTests");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String joined(String server) {
        return String.join(java.io.File.pathSeparator, of(server).stream().map(Path::toString).toList());
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
