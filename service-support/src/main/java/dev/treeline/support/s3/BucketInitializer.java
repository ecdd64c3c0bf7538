package dev.treeline.support.s3;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Local runs and tests start on an empty store; managed S3 buckets are created by their owners. */
@ApplicationScoped
public class BucketInitializer {

    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    void onStart(@Observes StartupEvent event, S3Config config, S3Client s3) {
        if (config.createBucket()) {
            ensureBucket(s3, config.bucket());
        }
    }

    public static void ensureBucket(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException missing) {
            create(s3, bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create(s3, bucket);
        }
    }

    private static void create(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.infof("created bucket %s", bucket);
        } catch (BucketAlreadyOwnedByYouException raced) {
            // another instance created it first
        }
    }
}
