package dev.treeline.deployer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What makes this deployer one account's deployer; an invalid value fails start-up naming the key. */
@ConfigMapping(prefix = "treeline.deployer")
public interface DeployerConfig {

    /** sandbox, qa, prod, ...: names the account in every event this deployer publishes. */
    @Pattern(regexp = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
    String account();

    /** The endpoint name clients put in /endpoints/{name}/invocations. */
    @NotBlank
    String endpointName();

    Policy policy();

    /** An approval is served only once it is this old (prod waits; sandbox does not). */
    Duration promotionDelay();

    /** Upper bound of the loaded models' measured size. */
    @Min(1)
    int memoryBudgetMb();

    /** The training bucket approved artifacts are copied from into this account's bucket. */
    @NotBlank
    String sourceBucket();

    /** Its own Kafka consumer group, so every account sees every registry event. */
    @NotBlank
    String consumerGroup();

    /**
     * How to reach the training bucket when it lives in another store or account than this account's
     * bucket; every unset key falls back to the account's {@code treeline.s3.*} setting.
     */
    Source source();

    /** How often every replica re-reads the recorded desired versions (it also reacts at once to its own changes). */
    @WithDefault("PT1S")
    Duration replicaPollInterval();

    /** How often due pending promotions are applied. */
    @WithDefault("PT1S")
    Duration promotionTick();

    /** Tag invocation metrics with the model name; turn off for thousands of models (one series per model). */
    @WithDefault("true")
    boolean perModelMetrics();

    /**
     * Serve the invocation benchmark's HTTP floor ({@code POST /endpoints/{name}/floor}, an empty handler behind
     * the same route style). Off by default; only the benchmark turns it on.
     */
    @WithDefault("false")
    boolean benchFloor();

    /**
     * How InvokeEndpoint authenticates callers: {@code sigv4} (default; AWS Signature Version 4 with the access keys
     * of the registry's users, the key's owner needs the role invoker) or {@code none} (no check at all, for an
     * account on a private network only; the start-up log says so).
     */
    @WithDefault("sigv4")
    @Pattern(regexp = "(?i)sigv4|none", message = "must be sigv4 or none")
    String invocationAuth();

    SigV4 sigv4();

    interface SigV4 {
        /** The regions a credential scope may name: every region the clients are configured with. */
        @WithDefault("us-east-1")
        List<@NotBlank String> regions();

        /**
         * The host clients signed, when a proxy in front rewrites {@code Host} (exactly as clients write it, with
         * {@code :port} for a non-default port); unset: the received {@code Host} header.
         */
        Optional<String> expectedHost();
    }

    interface Source {
        Optional<URI> endpoint();

        Optional<String> region();

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        Optional<Boolean> pathStyleAccess();
    }

    enum Policy {
        /** Serve only approved versions. */
        approved,
        /** Serve every newly registered version (sandbox QA). */
        registered
    }
}
