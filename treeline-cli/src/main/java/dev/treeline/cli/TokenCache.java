package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The token of the last {@code ./treeline login}, in one file only its owner can read (0600): by default
 * {@code $XDG_CONFIG_HOME/treeline/token.json} (else {@code ~/.config/treeline/token.json}), or the file named by
 * {@code --token-file} / {@code TREELINE_TOKEN_FILE}. It holds the bearer token, never a password.
 */
final class TokenCache {

    /** A token is renewed this long before it expires, so a request does not arrive with a just-expired one. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(20);

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    /** What was cached: the token, for which registry and user, until when. */
    record CachedToken(String registry, String username, List<String> roles, String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "CachedToken[" + username + " at " + registry + " until " + expiresAt + "]"; // never the token
        }
    }

    /** What a command does about authentication before it calls a service. */
    enum Decision {
        /** The cached token is for this registry and still valid long enough. */
        USE_CACHED,
        /** No usable token, but credentials were given (TREELINE_USER/TREELINE_PASSWORD): log in again first. */
        LOG_IN,
        /** No usable token and no credentials: exit 4, "log in again: ./treeline login". */
        ASK_TO_LOG_IN
    }

    /** Pure: the decision from what is cached, where the command goes, whether credentials are at hand, and now. */
    static Decision decide(Optional<CachedToken> cached, URI registry, boolean haveCredentials, Instant now) {
        boolean usable = cached.isPresent() && sameRegistry(cached.get().registry(), registry)
                && cached.get().expiresAt().isAfter(now.plus(RENEW_BEFORE));
        if (usable) {
            return Decision.USE_CACHED;
        }
        return haveCredentials ? Decision.LOG_IN : Decision.ASK_TO_LOG_IN;
    }

    static boolean sameRegistry(String cached, URI registry) {
        return cached != null && normalize(cached).equals(normalize(registry.toString()));
    }

    private static String normalize(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private final Path file;

    TokenCache(Path file) {
        this.file = file;
    }

    /** The default location, from the environment ({@code XDG_CONFIG_HOME}, {@code user.home}). */
    static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("treeline").resolve("token.json");
    }

    Path file() {
        return file;
    }

    /** The cached token, or empty when there is none or the file cannot be read as one. */
    Optional<CachedToken> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Api.JSON.readTree(file.toFile());
            List<String> roles = new java.util.ArrayList<>();
            node.path("roles").forEach(r -> roles.add(r.asText()));
            return Optional.of(new CachedToken(node.path("registry").asText(null), node.path("username").asText(null),
                    List.copyOf(roles), node.path("accessToken").asText(null),
                    Instant.parse(node.path("expiresAt").asText())));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Writes the token so only its owner can read it: a new 0600 file moved over the old one. */
    void write(CachedToken token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("registry", token.registry());
        node.put("username", token.username());
        token.roles().forEach(node.putArray("roles")::add);
        if (token.roles().isEmpty()) {
            node.putArray("roles");
        }
        node.put("accessToken", token.accessToken());
        node.put("expiresAt", token.expiresAt().toString());
        Path temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        createOwnerOnly(temp);
        Files.writeString(temp, Api.JSON.writeValueAsString(node));
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** True when there was a token to forget. */
    boolean delete() throws IOException {
        return Files.deleteIfExists(file);
    }

    static void createOwnerOnly(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
            path.toFile().setReadable(false, false);
            path.toFile().setReadable(true, true);
            path.toFile().setWritable(false, false);
            path.toFile().setWritable(true, true);
        } catch (FileAlreadyExistsException e) {
            throw e;
        }
    }
}
