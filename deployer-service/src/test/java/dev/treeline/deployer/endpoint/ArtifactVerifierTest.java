package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArtifactVerifierTest {

    private static TestModels.Trained model;
    private final ArtifactVerifier verifier = new ArtifactVerifier();

    @BeforeAll
    static void train() throws Exception {
        model = TestModels.train(1, 3f);
    }

    @AfterAll
    static void dispose() {
        model.booster().dispose();
    }

    @Test
    void ubjsonModelBytesStartWithObjectMarkerAndPass() {
        assertThat(model.ubj()[0]).isEqualTo((byte) '{');
        assertThat(verifier.verify(model.ubj(), model.sha256())).isSameAs(model.ubj());
    }

    @Test
    void tamperedBytesAreRefusedNamingBothHashes() {
        byte[] tampered = model.ubj().clone();
        tampered[tampered.length / 2] ^= 0x01;
        String actual = dev.treeline.support.s3.Sha256Digests.of(tampered);

        assertThatThrownBy(() -> verifier.verify(tampered, model.sha256()))
                .isInstanceOf(ArtifactRefusedException.class)
                .hasMessageContaining(model.sha256())
                .hasMessageContaining(actual);
    }

    @Test
    void javaSerialisedBytesAreRefusedEvenWithAMatchingHash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(new HashMap<>(java.util.Map.of("trees", "evil")));
        }
        byte[] serialised = out.toByteArray();

        assertThatThrownBy(() -> verifier.verify(serialised, dev.treeline.support.s3.Sha256Digests.of(serialised)))
                .isInstanceOf(ArtifactRefusedException.class)
                .hasMessageContaining("Java serialisation");
    }

    @Test
    void nonJsonFormatsAndMalformedExpectedHashesAreRefused() {
        byte[] legacyBinary = "binf\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> verifier.verify(legacyBinary, dev.treeline.support.s3.Sha256Digests.of(legacyBinary)))
                .isInstanceOf(ArtifactRefusedException.class)
                .hasMessageContaining("not XGBoost JSON/UBJSON");
        assertThatThrownBy(() -> verifier.verify(model.ubj(), model.sha256().toUpperCase()))
                .isInstanceOf(ArtifactRefusedException.class)
                .hasMessageContaining("64 lowercase hex");
    }
}
