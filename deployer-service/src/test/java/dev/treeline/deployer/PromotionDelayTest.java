package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.following.PromotionTicker;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Prod: an approval is served only once it is older than the promotion delay on the deployer's clock; until then it
 * is listed as pending. The test moves the clock ({@link MovableClock}) instead of waiting for the delay.
 */
@QuarkusTest
@TestProfile(PromotionDelayTest.Delayed.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_delayed") })
class PromotionDelayTest {

    /** Long enough that real time never runs it out during the test: only moving the clock does. */
    static final Duration DELAY = Duration.ofHours(1);

    public static class Delayed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.deployer.promotion-delay", DELAY.toString(), "treeline.deployer.consumer-group",
                    "deployer-sandbox-delayed-test");
        }
    }

    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(81, 3);

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;
    @Inject
    MovableClock clock;
    @Inject
    PromotionTicker ticker;

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    @BeforeAll
    static void train() throws Exception {
        a = TestModels.train(91, 1f);
        b = TestModels.train(92, 5f);
    }

    @AfterAll
    static void dispose() {
        a.booster().dispose();
        b.booster().dispose();
    }

    @Test
    void youngApprovalWaitsAsPendingThenIsServedAndAnOldApprovalIsServedAtOnce() throws Exception {
        String group = uniqueGroup("prod");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            registry.approved(v1, clock.instant().minus(DELAY.multipliedBy(2)));
            await("old approval served at once", () -> served(group).equals(Optional.of(1)));

            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            Instant approvedAt = clock.instant();
            registry.approved(v2, approvedAt);
            await("listed as pending", () -> pendingVersions(group).contains(2));
            Optional<Integer> servedWhilePending = served(group);
            float[] answerWhilePending = Invocations.predict(group, ROWS);
            assertThat(clock.instant()).as("checked before the delay ran out").isBefore(approvedAt.plus(DELAY));
            assertThat(servedWhilePending).contains(1);
            assertThat(answerWhilePending).containsExactly(a.reference(ROWS));

            clock.advance(DELAY);
            await("served after the delay", Duration.ofSeconds(20), () -> served(group).equals(Optional.of(2)));
            assertThat(clock.instant()).isAfterOrEqualTo(approvedAt.plus(DELAY));
            assertThat(pendingVersions(group)).isEmpty();
            await("answers with v2", () -> {
                try {
                    return java.util.Arrays.equals(Invocations.predict(group, ROWS), b.reference(ROWS));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void pendingApprovalRejectedBeforeItsDelayIsNeverServed() throws Exception {
        String group = uniqueGroup("prod-reject");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            registry.approved(v1, clock.instant());
            await("pending", () -> pendingVersions(group).contains(1));
            registry.rejected(v1);
            await("no longer pending", () -> pendingVersions(group).isEmpty());
            clock.advance(DELAY.plusSeconds(1));
            ticker.promoteDue(); // a promotion tick after the delay ran out (waits for one in progress)
            assertThat(served(group)).isEmpty();
        }
    }

    private List<Integer> pendingVersions(String group) {
        return given().header("Authorization", dev.treeline.support.testing.TestTokens.bearer("viewer", "viewer"))
                .when().get("/promotions/pending").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.modelGroup == '" + group + "' }.version",
                        Integer.class);
    }

    private Optional<Integer> served(String group) {
        return store.desired(group).map(d -> d.version);
    }
}
