package dev.treeline.launcher;

import dev.treeline.support.security.AccessKeySecrets;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * The local run's secrets, in {@code <data dir>/secrets} (0700, every file 0600), made on the first start and reused
 * on the next, so tokens and stored access keys stay valid across restarts:
 * <ul>
 *   <li>{@code jwt-private.pem}, {@code jwt-public.pem}: the RSA key pair the registry signs tokens with and every
 *       service verifies them with (PKCS#8 / X.509 PEM);</li>
 *   <li>{@code access-keys.properties}: {@code treeline.access-keys.encryption-key} for the registry and the deployers;</li>
 *   <li>{@code registry-admin.properties}: the bootstrap admin's password (rewritten on every start from
 *       {@code --admin-password}).</li>
 * </ul>
 * Secret values reach the services as files (Quarkus {@code quarkus.config.locations} and the key locations), never as
 * environment variables or command-line arguments, which other local users can read from /proc.
 */
final class LocalSecrets {

    static final String ENCRYPTION_KEY_PROPERTY = "treeline.access-keys.encryption-key";
    static final String ADMIN_PASSWORD_PROPERTY = "treeline.registry.bootstrap-admin.password";
    static final String CONFIG_ORDINAL = "275";

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path dir;

    private LocalSecrets(Path dir) {
        this.dir = dir;
    }

    /** Makes what is missing (key pair, encryption key) and writes the admin password; keeps what exists. */
    static LocalSecrets ensure(Path dataDir, String adminPassword) throws IOException {
        Path dir = dataDir.resolve("secrets");
        Files.createDirectories(dir);
        restrict(dir, OWNER_DIRECTORY);
        LocalSecrets secrets = new LocalSecrets(dir);
        if (!Files.exists(secrets.jwtPrivateKey()) || !Files.exists(secrets.jwtPublicKey())) {
            KeyPair pair = newRsaKeyPair();
            writeOwnerOnly(secrets.jwtPublicKey(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            writeOwnerOnly(secrets.jwtPrivateKey(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        }
        if (!Files.exists(secrets.accessKeysConfig())) {
            writeOwnerOnly(secrets.accessKeysConfig(), properties(ENCRYPTION_KEY_PROPERTY,
                    AccessKeySecrets.newEncryptionKey()));
        }
        writeOwnerOnly(secrets.adminConfig(), properties(ADMIN_PASSWORD_PROPERTY, adminPassword));
        for (Path file : new Path[] {secrets.jwtPrivateKey(), secrets.jwtPublicKey(), secrets.accessKeysConfig(),
                secrets.adminConfig()}) {
            restrict(file, OWNER_ONLY); // also files made by an older launcher or copied in by hand
        }
        return secrets;
    }

    Path directory() {
        return dir;
    }

    Path jwtPrivateKey() {
        return dir.resolve("jwt-private.pem");
    }

    Path jwtPublicKey() {
        return dir.resolve("jwt-public.pem");
    }

    /** A properties file with {@value #ENCRYPTION_KEY_PROPERTY}. */
    Path accessKeysConfig() {
        return dir.resolve("access-keys.properties");
    }

    /** A properties file with {@value #ADMIN_PASSWORD_PROPERTY}. */
    Path adminConfig() {
        return dir.resolve("registry-admin.properties");
    }

    /** The key-encryption key as configured (for tests that search logs for it). */
    String encryptionKey() throws IOException {
        return read(accessKeysConfig()).getProperty(ENCRYPTION_KEY_PROPERTY);
    }

    private static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is unavailable: " + e.getMessage(), e);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String properties(String key, String value) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        // Above application.properties (250), below environment variables (300): MicroProfile Config's own key.
        properties.setProperty("config_ordinal", CONFIG_ORDINAL);
        StringWriter out = new StringWriter();
        properties.store(out, "Written by the Treeline local launcher; a secret: keep this file 0600.");
        return out.toString();
    }

    static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Created 0600 before the content is written, so the secret is never readable by others, not even briefly. */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temp);
        }
        Files.writeString(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data dir's ACLs apply
        }
    }
}
