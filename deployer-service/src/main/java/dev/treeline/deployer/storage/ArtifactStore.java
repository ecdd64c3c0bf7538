package dev.treeline.deployer.storage;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.endpoint.ArtifactRefusedException;
import dev.treeline.deployer.endpoint.ArtifactVerifier;
import dev.treeline.events.ArtifactRef;
import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Config;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves artifacts from the training bucket (its own store and credentials, possibly another cloud) into
 * this account's bucket under an immutable versioned key, and reads them back for serving. Bytes are
 * verified (SHA-256 + XGBoost format) before they are written: an unverified artifact never reaches the
 * account bucket.
 */
@ApplicationScoped
public class ArtifactStore {

    private static final Logger LOG = Logger.getLogger(ArtifactStore.class);
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final S3Client account;
    private final S3Client source;
    private final String bucket;
    private final ArtifactVerifier verifier = new ArtifactVerifier();

    public ArtifactStore(S3Client account, S3Config accountConfig, DeployerConfig config) {
        this.account = account;
        this.bucket = accountConfig.bucket();
        this.source = S3Clients.create(SourceConnection.of(config.source(), accountConfig));
    }

    @PreDestroy
    void close() {
        source.close();
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Copies {@code artifact} from the training store to {@code models/{group}/v{version}/model.ubj} unless that
     * key already holds the same SHA-256 (a redelivery, a copy made ahead, or a rollback to a version copied before).
     *
     * @return the account key
     * @throws ArtifactRefusedException when the bytes do not match or the key holds other bytes
     * @throws SdkException when a store stays unreachable after retries
     */
    public String copyIn(String modelGroup, int version, ArtifactRef artifact) {
        return copy(modelGroup, version, source, artifact.bucket(), artifact.key(), artifact.versionId(),
                artifact.sha256());
    }

    /** Copies a model that is already in the account bucket or elsewhere in the source store (management API). */
    public String copyIn(String modelGroup, int version, String fromBucket, String fromKey, String sha256) {
        return copy(modelGroup, version, fromBucket.equals(bucket) ? account : source, fromBucket, fromKey, null,
                sha256);
    }

    private String copy(String modelGroup, int version, S3Client from, String fromBucket, String fromKey,
            String fromVersionId, String sha256) {
        String key = ModelKeys.versioned(modelGroup, version);
        if (alreadyStored(key, sha256)) {
            return key;
        }
        byte[] bytes = retry("read s3://" + fromBucket + "/" + fromKey, () -> from.getObjectAsBytes(
                b -> b.bucket(fromBucket).key(fromKey).versionId(fromVersionId)).asByteArray());
        verifier.verify(bytes, sha256);
        retry("write s3://" + bucket + "/" + key, () -> account.putObject(b -> b.bucket(bucket).key(key)
                .metadata(Map.of("sha256", sha256)), RequestBody.fromBytes(bytes)));
        return key;
    }

    /** The served artifact's bytes, unverified: the model cache verifies them before loading. */
    public byte[] read(String key) {
        return retry("read s3://" + bucket + "/" + key,
                () -> account.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    /** True when the key holds these bytes already; a key holding other bytes is never overwritten. */
    private boolean alreadyStored(String key, String sha256) {
        String stored = storedSha256(key);
        if (stored == null) {
            return false;
        }
        if (!stored.equals(sha256)) {
            throw new ArtifactRefusedException("s3://" + bucket + "/" + key + " already holds another artifact (SHA-256 "
                    + stored + "); versioned keys are immutable");
        }
        return true;
    }

    private String storedSha256(String key) {
        try {
            HeadObjectResponse head = account.headObject(b -> b.bucket(bucket).key(key));
            return head.metadata().get("sha256");
        } catch (NoSuchKeyException missing) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** A short retry with doubling backoff for transient store errors; 4xx answers are not retried. */
    static <T> T retry(String what, Supplier<T> call) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1;; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                boolean clientError = e instanceof S3Exception s3 && s3.statusCode() >= 400 && s3.statusCode() < 500;
                if (clientError || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("could not %s (attempt %d of %d, retrying in %d ms): %s", what, attempt, ATTEMPTS,
                        backoff.toMillis(), e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
