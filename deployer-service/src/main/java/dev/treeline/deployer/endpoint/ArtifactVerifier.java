package dev.treeline.deployer.endpoint;

import java.util.Objects;
import java.util.regex.Pattern;

import dev.treeline.support.s3.Sha256Digests;

/**
 * Gatekeeper between the object store and XGBoost: bytes are only handed to the native loader when
 * their SHA-256 matches the registry's record and they look like an XGBoost JSON/UBJSON model.
 *
 * <p>Format check: both {@code booster.toByteArray("ubj")} and {@code toByteArray("json")} start with
 * {@code '{'} (0x7B; in UBJSON that is the object-start marker), so the first byte must be {@code '{'}.
 * That refuses XGBoost's legacy binary format, archives, and in particular Java serialisation streams
 * (magic 0xACED), which are refused with an explicit message: models are never deserialised as Java objects.
 */
public final class ArtifactVerifier {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final byte OBJECT_START = '{';

    /** Returns {@code bytes} unchanged when they are intact and acceptable, otherwise throws. */
    public byte[] verify(byte[] bytes, String expectedSha256) {
        Objects.requireNonNull(bytes, "bytes");
        if (expectedSha256 == null || !SHA256_HEX.matcher(expectedSha256).matches()) {
            throw new ArtifactRefusedException(
                    "expected SHA-256 must be 64 lowercase hex characters, got '" + expectedSha256 + "'");
        }
        String actual = Sha256Digests.of(bytes);
        // Hex strings are public registry data, so a plain comparison leaks nothing worth a constant-time one.
        if (!actual.equals(expectedSha256)) {
            throw new ArtifactRefusedException(
                    "model artifact SHA-256 mismatch: expected " + expectedSha256 + " but was " + actual);
        }
        checkFormat(bytes);
        return bytes;
    }

    private static void checkFormat(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ArtifactRefusedException("model artifact is empty");
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xAC && (bytes[1] & 0xFF) == 0xED) {
            throw new ArtifactRefusedException(
                    "model artifact is a Java serialisation stream (0xACED); only XGBoost JSON/UBJSON is accepted");
        }
        if (bytes[0] != OBJECT_START) {
            throw new ArtifactRefusedException(String.format(
                    "model artifact is not XGBoost JSON/UBJSON (first byte 0x%02X, expected '{')", bytes[0] & 0xFF));
        }
    }

}
