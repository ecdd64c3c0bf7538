package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.DeploymentAction;
import dev.treeline.events.ModelDeployed;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Sandbox QA: under policy {@code registered} every newly registered version is served without approval. */
@QuarkusTest
@TestProfile(RegisteredPolicyTest.Registered.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_registered") })
class RegisteredPolicyTest {

    /** The public name clients sign when the deployer is behind a proxy. */
    public static final String EXPECTED_HOST = "models.example.com";

    public static class Registered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Also behind a proxy that rewrites Host (ExpectedHostTest shares this start-up).
            return Map.of("treeline.deployer.policy", "registered", "treeline.deployer.consumer-group",
                    "deployer-sandbox-registered-test", "treeline.deployer.sigv4.expected-host", EXPECTED_HOST);
        }
    }

    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(61, 3);

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;

    @BeforeAll
    static void train() throws Exception {
        a = TestModels.train(71, 1f);
        b = TestModels.train(72, 4f);
    }

    @AfterAll
    static void dispose() {
        a.booster().dispose();
        b.booster().dispose();
    }

    @Test
    void everyNewRegistrationIsServedAndARejectionRollsBackToTheRegisteredOne() throws Exception {
        String group = uniqueGroup("sandbox");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            registry.registered(v1, ApprovalStatus.PendingManualApproval);
            await("v1 served", () -> served(group).equals(Optional.of(1)));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));

            registry.registered(v2, ApprovalStatus.PendingManualApproval);
            await("v2 served", () -> served(group).equals(Optional.of(2)));
            assertThat(RegistryFixture.deploymentEvents(group, 2, e -> e.payload() instanceof ModelDeployed d
                    && d.action() == DeploymentAction.PROMOTED && d.reason().contains("policy registered")))
                    .hasSize(2);

            registry.rejected(v2);
            await("rolled back to the registered v1", () -> served(group).equals(Optional.of(1)));
        }
    }

    private Optional<Integer> served(String group) {
        return store.desired(group).map(d -> d.version);
    }
}
