package dev.treeline.support.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.treeline.events.ObjectRef;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Puts and gets objects with their SHA-256. Every object the platform writes is referenced with its
 * hash, and every read is checked against it: a mismatch is never handed to the caller.
 */
@ApplicationScoped
public class ObjectStore {

    private final S3Client s3;

    @Inject
    public ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    /** Uploads a file; rows is what the caller counted (null for non-tabular objects). */
    public ObjectRef put(String bucket, String key, Path file, Long rows) {
        String sha256 = Sha256Digests.of(file);
        try {
            PutObjectResponse response = s3.putObject(b -> b.bucket(bucket).key(key)
                    .metadata(java.util.Map.of("sha256", sha256)), RequestBody.fromFile(file));
            return new ObjectRef(bucket, key, sha256, Files.size(file), rows, response.versionId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An object written as a stream and uploaded while it is written (multipart above {@code partSize}, which
     * must be at least 5 MiB), hashed on the way; {@code uploaders} sends the parts (a few in flight).
     */
    public StreamingUpload streamingUpload(String bucket, String key, String contentType, int partSize,
            java.util.concurrent.Executor uploaders) {
        return new StreamingUpload(s3, bucket, key, contentType, partSize, uploaders);
    }

    public ObjectRef put(String bucket, String key, byte[] content, Long rows) {
        return putBytes(s3, bucket, key, "application/octet-stream", content, content.length, rows);
    }

    /**
     * A small object (a schema, a descriptor: a few KB) in one PUT, referenced with its SHA-256 and size (no rows),
     * without the part buffer of {@link #streamingUpload}.
     *
     * @throws ObjectStoreException naming the object when the store is unreachable or refuses it
     */
    public ObjectRef put(String bucket, String key, String contentType, byte[] bytes) {
        try {
            return putBytes(s3, bucket, key, contentType, bytes, bytes.length, null);
        } catch (SdkException e) {
            throw ObjectStoreException.uploadFailed("s3://" + bucket + "/" + key, e);
        }
    }

    /**
     * The one PUT of an object held in memory (the first {@code length} bytes of {@code content}), with its SHA-256
     * as {@code sha256} metadata and in the reference; shared with {@link StreamingUpload}'s single-part objects.
     */
    static ObjectRef putBytes(S3Client s3, String bucket, String key, String contentType, byte[] content, int length,
            Long rows) {
        String sha256 = Sha256Digests.of(content, 0, length);
        PutObjectResponse response = s3.putObject(b -> b.bucket(bucket).key(key)
                .metadata(java.util.Map.of("sha256", sha256)),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length,
                        contentType));
        return new ObjectRef(bucket, key, sha256, length, rows, response.versionId());
    }

    /**
     * Downloads to {@code target}, hashing while streaming; the file appears only if the hash matches.
     *
     * @throws ObjectDigestMismatchException if the stored bytes do not hash to {@code ref.sha256()}
     */
    public Path download(ObjectRef ref, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest digest = Sha256Digests.newDigest();
        try (InputStream in = new DigestInputStream(s3.getObject(b -> b.bucket(ref.bucket()).key(ref.key())
                .versionId(ref.versionId())), digest); OutputStream out = Files.newOutputStream(partial)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not download s3://" + ref.bucket() + "/" + ref.key(), e);
        }
        String actual = Sha256Digests.hex(digest.digest());
        try {
            if (!actual.equals(ref.sha256())) {
                Files.deleteIfExists(partial);
                throw new ObjectDigestMismatchException(ref, actual);
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a small object fully and verifies it. */
    public byte[] read(ObjectRef ref) {
        byte[] content = s3.getObjectAsBytes(b -> b.bucket(ref.bucket()).key(ref.key()).versionId(ref.versionId()))
                .asByteArray();
        String actual = Sha256Digests.of(content);
        if (!actual.equals(ref.sha256())) {
            throw new ObjectDigestMismatchException(ref, actual);
        }
        return content;
    }
}
