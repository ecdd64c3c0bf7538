package dev.treeline.deployer;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;

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

    enum Policy {
        /** Serve only approved versions. */
        approved,
        /** Serve every newly registered version (sandbox QA). */
        registered
    }
}
