package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

    private static TestModels.Trained v1;
    private static TestModels.Trained v2;
    private static final float[][] ROWS = TestModels.rows(42, 8);

    private final FakeModelSource source = new FakeModelSource();
    private ExecutorService background;
    private ModelCache cache;

    @BeforeAll
    static void train() throws Exception {
        v1 = TestModels.train(1, 3f);
        v2 = TestModels.train(2, -5f);
    }

    @AfterAll
    static void dispose() {
        v1.booster().dispose();
        v2.booster().dispose();
    }

    @BeforeEach
    void setUp() {
        background = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cache != null) {
            cache.close();
            FakeModelSource.await("all models disposed", () -> source.created.stream().allMatch(LoadedModel::isDisposed));
        }
        background.shutdown();
        assertThat(background.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private ModelCache cache(long budgetBytes) {
        cache = new ModelCache(source, new ArtifactVerifier(), budgetBytes, background, source.trackingLoader());
        return cache;
    }

    @Test
    void sixteenConcurrentFirstCallsLoadOnceAndMatchInProcessPrediction() throws Exception {
        source.deploy("churn", v1.version(1));
        ModelCache cache = cache(10_000_000);
        assertThat(cache.loads()).as("nothing loaded before the first call").isZero();

        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return cache.predict("churn", ROWS);
                }));
            }
            start.countDown();
            float[] expected = v1.reference(ROWS);
            for (Future<float[]> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).containsExactly(expected);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(cache.loads()).isEqualTo(1);
        assertThat(source.fetches.get()).isEqualTo(1);
        assertThat(source.created).hasSize(1);
        assertThat(source.created.get(0).refCount()).isZero();
    }

    @Test
    void budgetForTwoOfFourModelsEvictsAndReloadsOnDemand() throws Exception {
        List<String> groups = List.of("g0", "g1", "g2", "g3");
        for (int i = 0; i < groups.size(); i++) {
            source.deploy(groups.get(i), (i % 2 == 0 ? v1 : v2).version(i + 1));
        }
        long budget = (long) (2.5 * Math.max(v1.ubj().length, v2.ubj().length));
        assertThat(3L * Math.min(v1.ubj().length, v2.ubj().length)).as("three models never fit").isGreaterThan(budget);
        ModelCache cache = cache(budget);

        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < groups.size(); i++) {
                float[] expected = (i % 2 == 0 ? v1 : v2).reference(ROWS);
                assertThat(cache.predict(groups.get(i), ROWS)).as("%s round %d", groups.get(i), round)
                        .containsExactly(expected);
                // Eviction normally runs on the background executor; force it so every step sees the budget.
                cache.cleanUp();
            }
        }
        FakeModelSource.await("evictions counted", () -> cache.evictions() > 0);

        // At most two models survive round 0, so round 1 must reload at least two.
        assertThat(cache.loads()).as("evicted models were reloaded").isGreaterThanOrEqualTo(groups.size() + 2);
        assertThat(cache.weightedSize()).isLessThanOrEqualTo(budget);
        FakeModelSource.await("evicted models disposed",
                () -> source.created.stream().filter(LoadedModel::isRetired).allMatch(LoadedModel::isDisposed));
        assertThat(source.created).allSatisfy(m -> assertThat(m.refCount()).isZero());
    }

    @Test
    void coldLoadAnswersWithTheBoosterThenTheVerifiedJavaEvaluatorTakesOver() throws Exception {
        source.deploy("churn", v1.version(1));
        cache = new ModelCache(source, new ArtifactVerifier(), 10_000_000, background, (key, bytes) -> {
            LoadedModel model = LoadedModel.loadNative(key, bytes);
            source.created.add(model);
            return model;
        });
        float[] expected = v1.reference(ROWS);
        assertThat(cache.predict("churn", ROWS)).containsExactly(expected);
        LoadedModel booster = source.created.get(0);
        assertThat(booster.engine()).isEqualTo(Engine.XGBOOST);

        FakeModelSource.await("Java evaluator swapped in",
                () -> cache.peek("churn").map(LoadedModel::isJavaEngine).orElse(false));
        assertThat(cache.predict("churn", ROWS)).containsExactly(expected);
        assertThat(cache.javaEngineLoads()).isEqualTo(1);
        assertThat(cache.loads()).isEqualTo(1);
        assertThat(cache.swaps()).as("an engine upgrade is not a version swap").isZero();
        assertThat(cache.evictions()).isZero();
        FakeModelSource.await("Booster disposed once idle", booster::isDisposed);
    }

    @Test
    void swapServesNewVersionAndRetiresTheOldOne() throws Exception {
        source.deploy("churn", v1.version(1));
        ModelCache cache = cache(10_000_000);
        assertThat(cache.predict("churn", ROWS)).containsExactly(v1.reference(ROWS));
        LoadedModel old = source.created.get(0);

        source.deploy("churn", v2.version(2));
        assertThat(cache.predict("churn", ROWS)).as("old model served until the swap").containsExactly(v1.reference(ROWS));
        assertThat(cache.swap("churn").get(10, TimeUnit.SECONDS)).isEqualTo(new ModelKey("churn", 2));

        assertThat(cache.predict("churn", ROWS)).containsExactly(v2.reference(ROWS));
        assertThat(cache.swaps()).isEqualTo(1);
        assertThat(cache.evictions()).isZero();
        FakeModelSource.await("old model disposed", old::isDisposed);
    }

    @Test
    void unknownGroupAndFailedLoadsAreReportedAndFailedSwapKeepsServing() throws Exception {
        ModelCache cache = cache(10_000_000);
        assertThatThrownBy(() -> cache.predict("nope", ROWS)).isInstanceOf(UnservedModelException.class);

        source.deploy("tampered", new ResolvedVersion(3, v2.sha256(), v1.ubj()::clone));
        assertThatThrownBy(() -> cache.predict("tampered", ROWS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tampered@v3")
                .hasMessageContaining(v2.sha256())
                .hasMessageContaining(v1.sha256());

        source.deploy("churn", v1.version(1));
        cache.predict("churn", ROWS);
        source.deploy("churn", new ResolvedVersion(2, v2.sha256(), () -> {
            throw new IllegalStateException("object store unavailable");
        }));
        assertThatThrownBy(() -> cache.swap("churn").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ModelLoadException.class)
                .hasMessageContaining("object store unavailable");
        assertThat(cache.predict("churn", ROWS)).containsExactly(v1.reference(ROWS));
        assertThat(cache.swaps()).isZero();
    }
}
