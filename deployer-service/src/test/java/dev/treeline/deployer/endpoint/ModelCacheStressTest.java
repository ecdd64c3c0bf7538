package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 8 threads predict continuously while one thread swaps v1 <-> v2 twenty times and another forces
 * evictions (invalidateAll + traffic on other groups under a tight budget). Any dispose-under-predict
 * would crash the JVM; any refcount imbalance would surface as an IllegalStateException.
 */
class ModelCacheStressTest {

    private static final int PREDICTORS = 8;
    private static final int SWAPS = 20;
    private static final int ROW_SETS = 16;

    private static TestModels.Trained v1;
    private static TestModels.Trained v2;

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

    @Test
    void predictionsSurviveSwapsAndEvictionsWithoutErrorsOrMixedAnswers() throws Exception {
        float[][][] rowSets = new float[ROW_SETS][][];
        float[][] expectedV1 = new float[ROW_SETS][];
        float[][] expectedV2 = new float[ROW_SETS][];
        for (int i = 0; i < ROW_SETS; i++) {
            rowSets[i] = TestModels.rows(100 + i, 1 + i % 4);
            expectedV1[i] = v1.reference(rowSets[i]);
            expectedV2[i] = v2.reference(rowSets[i]);
            assertThat(expectedV1[i]).isNotEqualTo(expectedV2[i]);
        }

        FakeModelSource source = new FakeModelSource();
        source.deploy("main", v1.version(1));
        List<String> others = List.of("other-0", "other-1", "other-2", "other-3");
        for (int i = 0; i < others.size(); i++) {
            source.deploy(others.get(i), (i % 2 == 0 ? v2 : v1).version(10 + i));
        }
        // Room for about three models: traffic on the other groups keeps pushing "main" out too.
        long budget = 3L * Math.max(v1.ubj().length, v2.ubj().length);
        ExecutorService background = Executors.newFixedThreadPool(2);
        ModelCache cache = new ModelCache(source, new ArtifactVerifier(), budget, background, source.trackingLoader());

        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Queue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong predictions = new AtomicLong();
        AtomicLong forcedInvalidations = new AtomicLong();
        List<Thread> threads = new ArrayList<>();

        for (int t = 0; t < PREDICTORS; t++) {
            int offset = t;
            threads.add(new Thread(() -> {
                int i = offset;
                while (!stop.get()) {
                    int set = i++ % ROW_SETS;
                    try {
                        float[] answer = cache.predict("main", rowSets[set]);
                        if (!Arrays.equals(answer, expectedV1[set]) && !Arrays.equals(answer, expectedV2[set])) {
                            wrongAnswers.add("row set " + set + ": " + Arrays.toString(answer));
                        }
                        predictions.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "predictor-" + t));
        }
        threads.add(new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try {
                    if (n++ % 4 == 0) {
                        cache.invalidateAll();
                        forcedInvalidations.incrementAndGet();
                    } else {
                        cache.predict(others.get(n % others.size()), rowSets[0]);
                    }
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        }, "evictor"));
        threads.forEach(Thread::start);

        // Swapper on this thread: every swap must be visible to the very next request.
        long started = System.nanoTime();
        for (int s = 1; s <= SWAPS; s++) {
            boolean toV2 = s % 2 == 1;
            source.deploy("main", toV2 ? v2.version(2) : v1.version(1));
            assertThat(cache.swap("main").get(10, TimeUnit.SECONDS)).isEqualTo(new ModelKey("main", toV2 ? 2 : 1));
            assertThat(cache.predict("main", rowSets[3])).containsExactly(toV2 ? expectedV2[3] : expectedV1[3]);
            Thread.sleep(140);
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(failures).as("exceptions during the run").isEmpty();
        assertThat(wrongAnswers).as("answers that are neither v1's nor v2's").isEmpty();
        assertThat(predictions.get()).isGreaterThan(1_000);
        assertThat(cache.evictions()).isGreaterThan(0);
        assertThat(cache.swaps()).isGreaterThan(0);
        // Every model that ever existed is idle; those already retired are (or are about to be) disposed.
        assertThat(source.created).allSatisfy(m -> assertThat(m.refCount()).isZero());

        cache.close();
        FakeModelSource.await("every retired booster disposed",
                () -> source.created.stream().allMatch(m -> m.isRetired() && m.isDisposed()));
        background.shutdown();
        assertThat(background.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        System.out.printf("stress: %d ms, %d predictions, %d swaps requested / %d replaced a served model, "
                + "%d evictions (%d forced invalidateAll), %d loads%n", elapsedMs, predictions.get(), SWAPS,
                cache.swaps(), cache.evictions(), forcedInvalidations.get(), cache.loads());
    }
}
