package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.treeline.infra.InfraSettings;
import dev.treeline.support.security.AccessKeySecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local run's secrets: made on the first start, owner-only, reused on the next; handed to the services as file
 * locations, never as values in their environment.
 */
class LocalSecretsTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartMakesAKeyPairAndAnEncryptionKeyReadableByTheUserOnly() throws Exception {
        LocalSecrets secrets = LocalSecrets.ensure(dataDir, "first-admin-password");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.directory())))
                .isEqualTo("rwx------");
        for (Path file : List.of(secrets.jwtPrivateKey(), secrets.jwtPublicKey(), secrets.accessKeysConfig(),
                secrets.adminConfig())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        AccessKeySecrets.fromBase64(secrets.encryptionKey()); // 32 bytes of base64, or it throws
        assertThat(LocalSecrets.read(secrets.adminConfig()).getProperty(LocalSecrets.ADMIN_PASSWORD_PROPERTY))
                .isEqualTo("first-admin-password");

        // The two PEM files are one RS256 pair.
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                der(secrets.jwtPrivateKey(), "PRIVATE KEY")));
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                der(secrets.jwtPublicKey(), "PUBLIC KEY")));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update("header.payload".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update("header.payload".getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void theNextStartReusesTheKeysSoTokensAndStoredAccessKeysStayValid() throws Exception {
        LocalSecrets first = LocalSecrets.ensure(dataDir, "admin");
        String privateKey = Files.readString(first.jwtPrivateKey());
        String encryptionKey = first.encryptionKey();

        LocalSecrets second = LocalSecrets.ensure(dataDir, "admin");

        assertThat(Files.readString(second.jwtPrivateKey())).isEqualTo(privateKey);
        assertThat(second.encryptionKey()).isEqualTo(encryptionKey);
    }

    @Test
    void servicesGetKeyLocationsAndManagementPortsButNoSecretValueInTheirEnvironment() throws Exception {
        LocalSecrets secrets = LocalSecrets.ensure(dataDir, "a-secret-admin-password");
        List<Integer> ports = IntStream.range(0, 6).mapToObj(i -> 8081 + i).toList();
        List<Integer> management = IntStream.range(0, 6).mapToObj(i -> 9081 + i).toList();
        List<ServiceSpec> services = ServiceSpec.platform(ports, management, Duration.ofMinutes(2),
                dataDir.resolve("models"));
        InfraSettings infra = new InfraSettings("127.0.0.1:19092", "127.0.0.1", 15432, "postgres", "pg", "http://s3",
                "us-east-1", "s3", "s3-secret");
        List<String> secretValues = List.of("a-secret-admin-password", secrets.encryptionKey(),
                pemBody(secrets.jwtPrivateKey()));

        List<String> managementPorts = new ArrayList<>();
        for (ServiceSpec spec : services) {
            Map<String, String> env = spec.environment(infra, secrets);
            assertThat(env).as(spec.name()).containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                    secrets.jwtPublicKey().toString());
            assertThat(env.keySet()).as(spec.name() + ": deployer management users are gone")
                    .noneMatch(name -> name.startsWith("TREELINE_ADMIN"));
            for (String value : env.values()) {
                for (String secret : secretValues) {
                    assertThat(value).as(spec.name()).doesNotContain(secret);
                }
            }
            managementPorts.add(env.get("QUARKUS_MANAGEMENT_PORT"));
            String locations = env.getOrDefault("QUARKUS_CONFIG_LOCATIONS", "");
            assertThat(locations.contains(secrets.accessKeysConfig().toUri().toString())).as(spec.name())
                    .isEqualTo(spec.name().equals("registry-service") || spec.name().startsWith("deployer-"));
            assertThat(locations.contains(secrets.adminConfig().toUri().toString())).as(spec.name())
                    .isEqualTo(spec.name().equals("registry-service"));
            assertThat(env.containsKey("SMALLRYE_JWT_SIGN_KEY_LOCATION")).as(spec.name())
                    .isEqualTo(spec.name().equals("registry-service"));
        }
        assertThat(managementPorts).containsExactly("9081", "9082", "9083", "9084", "9085", "9086");
        assertThat(services.get(0).environment(infra, secrets)).as("data-prep reads the definitions folder")
                .containsEntry("TREELINE_DEFINITIONS_DIR", dataDir.resolve("models").toString());
        assertThat(services).allSatisfy(spec -> assertThat(spec.environment(infra, secrets).keySet())
                .as(spec.name() + ": no model properties any more").noneMatch(k -> k.startsWith("TREELINE_MODELS")
                        || k.startsWith("TREELINE_TUNING_MODELS")));
    }

    static String pemBody(Path pem) throws Exception {
        return Files.readString(pem).lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    }

    private static byte[] der(Path pem, String type) throws Exception {
        String text = Files.readString(pem);
        assertThat(text).startsWith("-----BEGIN " + type + "-----\n").endsWith("-----END " + type + "-----\n");
        return Base64.getDecoder().decode(pemBody(pem));
    }
}
