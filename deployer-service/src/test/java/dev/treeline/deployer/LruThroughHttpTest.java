package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.s3.Sha256Digests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * The memory budget through the HTTP endpoint: with a 1 MB budget and four ~400 KB models deployed through
 * the registry's events, invoking them in turn loads each lazily, evicts others (the management list shows
 * them not loaded, the eviction metric counts them), and an evicted model answers its next call with the
 * same numbers after a transparent reload.
 */
@QuarkusTest
@TestProfile(LruThroughHttpTest.OneMegabyte.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_lru") })
class LruThroughHttpTest {

    public static class OneMegabyte implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("treeline.deployer.memory-budget-mb", "1", "treeline.deployer.consumer-group",
                    "deployer-sandbox-lru-test");
        }
    }

    static final long BUDGET = 1024 * 1024;
    static final float[][] ROWS = TestModels.rows(81, 5);
    static final List<TestModels.Trained> MODELS = new ArrayList<>();
    static final List<String> GROUPS = new ArrayList<>();

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;

    @BeforeAll
    static void train() throws Exception {
        for (int i = 0; i < 4; i++) {
            MODELS.add(trainLarge(100 + i));
            GROUPS.add(uniqueGroup("lru" + i));
        }
    }

    @AfterAll
    static void dispose() {
        MODELS.forEach(m -> m.booster().dispose());
    }

    @Test
    void invokingFourModelsUnderABudgetForTwoEvictsAndReloadsTransparently() throws Exception {
        long largest = MODELS.stream().mapToLong(m -> m.ubj().length).max().orElseThrow();
        long smallest = MODELS.stream().mapToLong(m -> m.ubj().length).min().orElseThrow();
        assertThat(2 * largest).as("two models fit").isLessThanOrEqualTo(BUDGET);
        assertThat(3 * smallest).as("three never fit").isGreaterThan(BUDGET);

        try (RegistryFixture registry = new RegistryFixture(s3)) {
            for (int i = 0; i < GROUPS.size(); i++) {
                registry.approved(registry.upload(GROUPS.get(i), 1, MODELS.get(i)));
            }
            await("all four recorded", () -> GROUPS.stream().allMatch(g -> store.desired(g).isPresent()));
        }
        assertThat(loaded()).as("nothing is loaded before its first call").isEmpty();
        double evictionsBefore = evictions();

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < GROUPS.size(); i++) {
                String group = GROUPS.get(i);
                assertThat(Invocations.predict(group, ROWS)).as("%s in round %d", group, round)
                        .containsExactly(MODELS.get(i).reference(ROWS));
                // Eviction runs just after the load, on the cache's executor: wait until the budget holds again.
                await("budget respected", () -> loaded().size() <= 2);
                assertThat(loaded()).as("%s (just called) is loaded; the least recently used was evicted", group)
                        .contains(group);
                if (round > 0 || i > 1) {
                    String previous = GROUPS.get((i + 3) % 4);
                    String leastRecent = GROUPS.get((i + 2) % 4);
                    assertThat(loaded()).as("after %s: %s stays, %s (least recently used) is evicted", group,
                            previous, leastRecent).containsExactlyInAnyOrder(previous, group);
                }
            }
        }

        assertThat(evictions()).as("evictions counted").isGreaterThan(evictionsBefore);
        List<String> notLoaded = GROUPS.stream().filter(g -> !loaded().contains(g)).toList();
        assertThat(notLoaded).as("the list shows evicted models as not loaded").hasSizeGreaterThanOrEqualTo(2);
        Map<String, Map<String, Object>> views = views();
        for (String group : notLoaded) {
            assertThat(views.get(group).get("sizeBytes")).isNull();
            assertThat(views.get(group).get("engine")).isNull();
        }

        // An evicted model answers again with the same numbers: reloaded from the bucket on its next call, then
        // served by the verified Java evaluator once it is built in the background.
        String evicted = notLoaded.get(0);
        TestModels.Trained model = MODELS.get(GROUPS.indexOf(evicted));
        float[][] other = TestModels.rows(82, 3);
        assertThat(Invocations.predict(evicted, other)).containsExactly(model.reference(other));
        await("reloaded model served by the Java engine", () -> "java".equals(views().get(evicted).get("engine")));
        assertThat(Invocations.predict(evicted, other)).containsExactly(model.reference(other));
        assertThat(Invocations.predict(evicted, ROWS)).containsExactly(model.reference(ROWS));
        assertThat(metric("treeline_deployer_model_engine_loads_total\\{engine=\"java\"")).as("Java engine loads counted")
                .isGreaterThanOrEqualTo(1);
    }

    /** GET /models as model group -> its entry. */
    private static Map<String, Map<String, Object>> views() {
        List<Map<String, Object>> items = given()
                .header("Authorization", dev.treeline.support.testing.TestTokens.bearer("viewer", "viewer")).when()
                .get("/models").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Map<String, Object>> out = new HashMap<>();
        items.forEach(item -> out.put((String) item.get("modelGroup"), item));
        return out;
    }

    private static List<String> loaded() {
        Map<String, Map<String, Object>> views = views();
        return GROUPS.stream().filter(g -> Boolean.TRUE.equals(views.get(g).get("loaded"))).toList();
    }

    private static double evictions() {
        return metric("treeline_deployer_model_evictions_total");
    }

    /** The value of the first Prometheus sample whose line starts with {@code prefix} (a regex). */
    private static double metric(String prefix) {
        String metrics = given().when().get(Invocations.management("/metrics")).then().statusCode(200).extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^" + prefix + "\\S* ([0-9.eE+]+)$").matcher(metrics);
        assertThat(m.find()).as("metric %s present", prefix).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** 100 trees of depth 6 over the test models' 4 features: about 400 KB of UBJSON. */
    private static TestModels.Trained trainLarge(long seed) throws Exception {
        int n = 3000;
        float[][] x = TestModels.rows(seed, n);
        float[] y = new float[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] * (seed % 7) + x[i][1] * x[i][2] - x[i][3] + (float) random.nextGaussian() * 0.2f;
        }
        DMatrix train = TestModels.matrix(x);
        try {
            train.setLabel(y);
            Booster booster = XGBoost.train(train, Map.of("objective", "reg:squarederror", "max_depth", 6, "eta", 0.1,
                    "nthread", 1, "seed", 0), 100, Map.of(), null, null);
            byte[] ubj = booster.toByteArray("ubj");
            return new TestModels.Trained(booster, ubj, Sha256Digests.of(ubj));
        } finally {
            train.dispose();
        }
    }
}
