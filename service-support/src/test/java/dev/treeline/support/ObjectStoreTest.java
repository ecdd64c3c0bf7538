package dev.treeline.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.events.ObjectRef;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.SharedInfrastructure;
import dev.treeline.support.s3.BucketInitializer;
import dev.treeline.support.s3.ObjectDigestMismatchException;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.ObjectStoreException;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Connection;
import dev.treeline.support.s3.Sha256Digests;
import dev.treeline.support.s3.StreamingUpload;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Against the real S3-compatible server, through the AWS SDK v2. */
class ObjectStoreTest {

    static final String BUCKET = "object-store-test";
    static S3Client s3;
    static ObjectStore store;

    @BeforeAll
    static void connect() {
        InfraSettings settings = SharedInfrastructure.get().settings();
        s3 = S3Clients.create(new S3Connection() {
            public Optional<URI> endpoint() {
                return Optional.of(URI.create(settings.s3Endpoint()));
            }

            public String region() {
                return settings.s3Region();
            }

            public Optional<String> accessKeyId() {
                return Optional.of(settings.s3AccessKeyId());
            }

            public Optional<String> secretAccessKey() {
                return Optional.of(settings.s3SecretAccessKey());
            }

            public boolean pathStyleAccess() {
                return true;
            }
        });
        BucketInitializer.ensureBucket(s3, BUCKET);
        BucketInitializer.ensureBucket(s3, BUCKET); // a second call finds it and does nothing
        store = new ObjectStore(s3);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void fileUploadIsReferencedWithItsSha256AndDownloadsVerified(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "1.5,2,3\n0.5,4,5\n");

        ObjectRef ref = store.put(BUCKET, "datasets/house-prices/run-1/train.csv", csv, 2L);

        // `printf '1.5,2,3\n0.5,4,5\n' | sha256sum`
        assertThat(ref.sha256()).isEqualTo("e3ddc8b084382cca09ce7b85b5b565b96cf6194d5922cadc8fde2404237e6228");
        assertThat(ref.bytes()).isEqualTo(16);
        assertThat(ref.rows()).isEqualTo(2L);
        assertThat(ref.bucket()).isEqualTo(BUCKET);

        Path back = store.download(ref, dir.resolve("copy.csv"));
        assertThat(Files.readString(back)).isEqualTo("1.5,2,3\n0.5,4,5\n");
        assertThat(store.read(ref)).isEqualTo("1.5,2,3\n0.5,4,5\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tamperedObjectIsRefusedAndNoFileIsLeft(@TempDir Path dir) {
        ObjectRef ref = store.put(BUCKET, "artifacts/m/v1/model.ubj", "original".getBytes(StandardCharsets.UTF_8), null);
        assertThat(ref.sha256()).isEqualTo("0682c5f2076f099c34cfdd15a9e063849ed437a49677e6fcc5b4198c76575be5");
        s3.putObject(b -> b.bucket(BUCKET).key(ref.key()), RequestBody.fromString("tampered"));

        Path target = dir.resolve("model.ubj");
        assertThatThrownBy(() -> store.download(ref, target)).isInstanceOf(ObjectDigestMismatchException.class)
                .hasMessageContaining("SHA-256 mismatch").hasMessageContaining(ref.sha256());
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("model.ubj.part")).doesNotExist();
        assertThatThrownBy(() -> store.read(ref)).isInstanceOf(ObjectDigestMismatchException.class);
    }

    @Test
    void aStreamedObjectLargerThanOnePartArrivesWholeWithTheSha256OfEveryByte() throws Exception {
        byte[] content = new byte[12 * 1024 * 1024 + 123]; // three parts of 5 MiB, the last one short
        new java.util.Random(7).nextBytes(content);
        java.util.concurrent.ExecutorService uploaders = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            StreamingUpload upload = store.streamingUpload(BUCKET, "streamed/large.bin", "application/octet-stream",
                    5 * 1024 * 1024, uploaders);
            for (int off = 0; off < content.length; off += 1000) { // in pieces, as a writer streams rows
                upload.write(content, off, Math.min(1000, content.length - off));
            }
            ObjectRef ref = upload.complete(null);

            assertThat(ref.sha256()).isEqualTo(Sha256Digests.of(content));
            assertThat(ref.bytes()).isEqualTo(content.length);
            assertThat(store.read(ref)).isEqualTo(content);
        } finally {
            uploaders.shutdownNow();
        }
    }

    @Test
    void aSmallStreamedObjectIsOnePutAndAnAbortedOneLeavesNothing() {
        java.util.concurrent.ExecutorService uploaders = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            StreamingUpload small = store.streamingUpload(BUCKET, "streamed/small.csv", "text/csv", 5 * 1024 * 1024,
                    uploaders);
            small.write("1.5,2,3\n0.5,4,5\n".getBytes(StandardCharsets.UTF_8));
            ObjectRef ref = small.complete(2L);
            assertThat(ref.sha256()).isEqualTo("e3ddc8b084382cca09ce7b85b5b565b96cf6194d5922cadc8fde2404237e6228");
            assertThat(ref.rows()).isEqualTo(2L);

            StreamingUpload aborted = store.streamingUpload(BUCKET, "streamed/aborted.bin", "application/octet-stream",
                    5 * 1024 * 1024, uploaders);
            aborted.write(new byte[6 * 1024 * 1024]); // one part already sent
            aborted.abort();
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("streamed/aborted.bin")))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
        } finally {
            uploaders.shutdownNow();
        }
    }

    @Test
    void aSmallObjectIsOnePutWithItsContentTypeSha256AndSize() {
        byte[] json = "{\"version\":1,\"features\":[]}".getBytes(StandardCharsets.UTF_8);

        ObjectRef ref = store.put(BUCKET, "datasets/m/run-1/schema.json", "application/json", json);

        // `printf '{"version":1,"features":[]}' | sha256sum`
        assertThat(ref.sha256()).isEqualTo("0528fd3881735c59cb739222e803250c2daecf8dc14630227d4654a4487fd908");
        assertThat(ref.bytes()).isEqualTo(json.length);
        assertThat(ref.rows()).isNull();
        assertThat(ref.key()).isEqualTo("datasets/m/run-1/schema.json");
        var head = s3.headObject(b -> b.bucket(BUCKET).key(ref.key()));
        assertThat(head.contentType()).isEqualTo("application/json");
        assertThat(head.contentLength()).isEqualTo(json.length);
        assertThat(head.metadata()).containsEntry("sha256", ref.sha256());
        assertThat(store.read(ref)).isEqualTo(json);

        assertThatThrownBy(() -> store.put("no-such-bucket-" + System.nanoTime(), "k.json", "application/json", json))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("could not upload s3://no-such-bucket-")
                .hasMessageContaining("/k.json");
    }

    @Test
    void partsBelowTheS3MinimumAreRefused() {
        assertThatThrownBy(() -> store.streamingUpload(BUCKET, "k", "text/csv", 1024, Runnable::run))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 MiB");
    }
}
