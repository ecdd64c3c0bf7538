package dev.treeline.support.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Stops a packaged service whose JWT public key is not configured or cannot be read ({@link JwtKeyCheck}). */
@ApplicationScoped
public class JwtKeyStartupCheck {

    @ConfigProperty(name = JwtKeyCheck.LOCATION)
    Optional<String> location;

    @ConfigProperty(name = JwtKeyCheck.INLINE_KEY)
    Optional<String> inlineKey;

    void check(@Observes @Priority(1) StartupEvent event) {
        JwtKeyCheck.refusal(LaunchMode.current(), location, inlineKey.filter(k -> !k.isBlank()).isPresent(),
                JwtKeyStartupCheck::readable).ifPresent(message -> {
                    throw new IllegalStateException(message);
                });
    }

    static boolean readable(String location) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        if (!location.startsWith("classpath:")) {
            Path file = Path.of(path);
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return true;
            }
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        resource = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null && loader.getResource(resource) != null;
    }
}
