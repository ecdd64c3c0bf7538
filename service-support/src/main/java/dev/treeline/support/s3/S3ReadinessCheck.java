package dev.treeline.support.s3;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import software.amazon.awssdk.services.s3.S3Client;

/** Ready only when the service's bucket answers: a service that cannot store or read artifacts takes no work. */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final S3Client s3;
    private final S3Config config;

    public S3ReadinessCheck(S3Client s3, S3Config config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("S3 bucket " + config.bucket());
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
            return response.up().withData("endpoint", config.endpoint().map(Object::toString).orElse("aws"))
                    .build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
