package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.EndpointModels;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.endpoint.UnservedModelException;
import dev.treeline.deployer.replica.ReplicaFollower;
import dev.treeline.deployer.storage.ArtifactStore;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A second replica (its own model cache and follower on the same database, as a second process would have)
 * and a restarted process serve exactly the recorded versions, and follow changes made by the replica that
 * consumed the event.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class ReplicasAndRestartTest {

    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(21, 4);
    static final ExecutorService BACKGROUND = Executors.newFixedThreadPool(2);

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;
    @Inject
    ArtifactStore artifacts;
    @Inject
    DeployerMetrics metrics;

    @BeforeAll
    static void train() throws Exception {
        a = TestModels.train(31, 1f);
        b = TestModels.train(32, -1f);
    }

    @AfterAll
    static void dispose() {
        a.booster().dispose();
        b.booster().dispose();
        BACKGROUND.shutdown();
    }

    @Test
    void secondReplicaAndRestartedProcessServeTheRecordedVersionsAndFollowChanges() throws Exception {
        String group = uniqueGroup("replica");
        try (RegistryFixture registry = new RegistryFixture(s3);
                ModelCache other = EndpointModels.newCache(store, artifacts, 64L << 20, BACKGROUND, metrics)) {
            ReplicaFollower otherFollower = new ReplicaFollower(other, store, java.time.Clock.systemUTC());
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            registry.approved(v1);
            await("v1 recorded", () -> store.desired(group).map(d -> d.version == 1).orElse(false));
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
            assertThat(other.predict(group, ROWS)).as("second replica, first request").containsExactly(
                    a.reference(ROWS));

            registry.approved(v2);
            await("this replica serves v2", () -> Arrays.equals(Invocations.predict(group, ROWS), ref(b)));
            otherFollower.poll();
            await("second replica swapped to v2", () -> other.peek(group).map(m -> m.key().version() == 2)
                    .orElse(false));
            assertThat(other.predict(group, ROWS)).containsExactly(b.reference(ROWS));

            registry.rejected(v2);
            await("this replica rolled back", () -> Arrays.equals(Invocations.predict(group, ROWS), ref(a)));
            otherFollower.poll();
            await("second replica rolled back", () -> other.peek(group).map(m -> m.key().version() == 1)
                    .orElse(false));
            assertThat(other.predict(group, ROWS)).containsExactly(a.reference(ROWS));

            // A restart is a fresh cache over the same database: it serves exactly what is recorded.
            try (ModelCache restarted = EndpointModels.newCache(store, artifacts, 64L << 20, BACKGROUND, metrics)) {
                assertThat(restarted.predict(group, ROWS)).containsExactly(a.reference(ROWS));
                registry.rejected(v1);
                await("removed", () -> store.desired(group).isEmpty());
                otherFollower.poll();
                await("second replica dropped it", () -> other.peek(group).isEmpty());
                restarted.invalidateAll();
                assertThatThrownBy(() -> restarted.predict(group, ROWS)).isInstanceOf(UnservedModelException.class);
            }
        }
    }

    private static float[] ref(TestModels.Trained model) {
        try {
            return model.reference(ROWS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
