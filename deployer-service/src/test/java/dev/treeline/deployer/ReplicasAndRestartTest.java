package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static dev.treeline.deployer.RegistryFixture.awaitProcessed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

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
import dev.treeline.support.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * A second replica (its own model cache and follower on the same database, as a second process would have)
 * and a restarted process serve exactly the recorded versions, and follow changes made by the replica that
 * consumed the event. The registry's ModelGroupChanged carries each model's serving section: the deployer stores it
 * (newest definition revision only) and shows it; with {@code preload} every replica loads a newly served version
 * (approval, newer approval, rollback) at once, before any invocation; without it, the first request loads it.
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
    @Inject
    ModelCache cache;

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

    private static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + TestTokens.token("vera", "viewer"));
    }

    private boolean loaded(ModelCache replica, String group, int version) {
        return replica.peek(group).map(m -> m.key().version() == version).orElse(false);
    }

    @Test
    void aPreloadModelIsLoadedOnEveryReplicaAsSoonAsAVersionIsServedBeforeAnyInvocation() throws Exception {
        String group = uniqueGroup("preload");
        try (RegistryFixture registry = new RegistryFixture(s3);
                ModelCache other = EndpointModels.newCache(store, artifacts, 64L << 20, BACKGROUND, metrics)) {
            ReplicaFollower otherFollower = new ReplicaFollower(other, store, java.time.Clock.systemUTC());
            awaitProcessed(registry.groupChanged(group, 1, true)); // the definition comes before the first version
            viewer().get("/serving").then().statusCode(200)
                    .body("find { it.modelGroup == '" + group + "' }.preload", equalTo(true))
                    .body("find { it.modelGroup == '" + group + "' }.definitionRevision", equalTo(1));

            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            RegistryFixture.Version v2 = registry.upload(group, 2, b);
            registry.approved(v1);
            await("v1 loaded here without a request", () -> loaded(cache, group, 1));
            viewer().get("/models/" + group).then().statusCode(200).body("version", equalTo(1))
                    .body("loaded", equalTo(true)).body("loadedVersion", equalTo(1))
                    .body("lastUsedAt", nullValue()).body("serving.preload", equalTo(true))
                    .body("serving.definitionRevision", equalTo(1));
            otherFollower.poll();
            await("v1 loaded on the second replica without a request", () -> loaded(other, group, 1));

            registry.approved(v2);
            await("v2 loaded here", () -> loaded(cache, group, 2));
            otherFollower.poll();
            await("v2 loaded on the second replica", () -> loaded(other, group, 2));

            registry.rejected(v2);
            await("rolled back: v1 loaded here", () -> loaded(cache, group, 1));
            otherFollower.poll();
            await("rolled back: v1 loaded on the second replica", () -> loaded(other, group, 1));
            assertThat(cache.peek(group).orElseThrow().lastUsedMillis()).as("never invoked").isZero();

            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
            assertThat(other.predict(group, ROWS)).containsExactly(a.reference(ROWS));
        }
    }

    @Test
    void withoutPreloadTheFirstRequestLoadsTurningItOnLoadsAtOnceAndALateOlderRevisionChangesNothing()
            throws Exception {
        String group = uniqueGroup("lazy");
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            awaitProcessed(registry.groupChanged(group, 1, false));
            RegistryFixture.Version v1 = registry.upload(group, 1, a);
            awaitProcessed(registry.approved(v1));
            assertThat(store.desired(group)).isPresent();
            viewer().get("/models/" + group).then().statusCode(200).body("loaded", equalTo(false))
                    .body("serving.preload", equalTo(false));

            // preload turned on for a model served already but not loaded: loaded at once
            registry.groupChanged(group, 3, true);
            await("loaded once preload is on", () -> loaded(cache, group, 1));

            var late = registry.groupChanged(group, 2, false);
            awaitProcessed(late);
            viewer().get("/models/" + group).then().statusCode(200)
                    .body("serving.preload", equalTo(true)).body("serving.definitionRevision", equalTo(3));
            assertThat(store.serving(group).orElseThrow().preload).isTrue();

            String unserved = uniqueGroup("lazy-none");
            awaitProcessed(registry.groupChanged(unserved, 1, true));
            viewer().get("/models/" + unserved).then().statusCode(404);
            assertThat(cache.peek(unserved)).as("nothing to preload before a version is served").isEmpty();

            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
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
