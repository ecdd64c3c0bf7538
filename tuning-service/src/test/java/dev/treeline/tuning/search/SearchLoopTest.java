package dev.treeline.tuning.search;

import static dev.treeline.tuning.search.SearchSpaceTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SearchLoopTest {

    private static final SearchSpace SPACE = Benchmarks.BOWL_SPACE;

    /** Wraps an optimiser and remembers the history size and objectives it was shown at each call. */
    private static final class RecordingOptimizer implements Optimizer {
        final Optimizer delegate;
        final List<List<Trial>> seen = Collections.synchronizedList(new ArrayList<>());

        RecordingOptimizer(Optimizer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Configuration suggest(List<Trial> history, Random rng) {
            seen.add(List.copyOf(history));
            return delegate.suggest(history, rng);
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    @Test
    void runsExactlyMaxTrialsWithConsecutiveIndices() {
        SearchResult result = SearchLoop.builder(SPACE, new RandomSearch(SPACE), Benchmarks::bowl)
                .maxTrials(7).maxParallel(3).seed(1).build().run();
        assertThat(result.trials()).extracting(TrialRecord::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(result.trials()).allSatisfy(r -> assertThat(r.duration().isNegative()).isFalse());
        double min = result.trials().stream().mapToDouble(r -> r.objective().orElseThrow()).min().orElseThrow();
        assertThat(result.best().orElseThrow().objective()).isEqualTo(min);
    }

    @Test
    void failedTrialsAreRecordedWithTheirReasonAndHiddenFromTheOptimizer() {
        RecordingOptimizer optimizer = new RecordingOptimizer(new RandomSearch(SPACE));
        ObjectiveFunction failsWhenDeep = c -> {
            if (c.getInt("max_depth") > 5) {
                throw new IllegalStateException("too deep: " + c.getInt("max_depth"));
            }
            return c.getInt("max_depth") == 0 ? Double.NaN : Benchmarks.bowl(c);
        };
        SearchResult result = SearchLoop.builder(SPACE, optimizer, failsWhenDeep).maxTrials(30).seed(4).build().run();

        assertThat(result.trials()).hasSize(30);
        for (TrialRecord r : result.trials()) {
            int depth = r.config().getInt("max_depth");
            if (depth > 5) {
                assertThat(r.failureReason()).contains("IllegalStateException: too deep: " + depth);
            } else if (depth == 0) {
                assertThat(r.failureReason()).contains("objective was not finite: NaN");
            } else {
                assertThat(r.succeeded()).isTrue();
            }
        }
        assertThat(result.failedCount()).isGreaterThan(5);
        // sequential: before trial i the optimiser saw exactly the successes among trials 0..i-1
        for (int i = 0; i < 30; i++) {
            long successesBefore = result.trials().subList(0, i).stream().filter(TrialRecord::succeeded).count();
            assertThat(optimizer.seen.get(i)).hasSize((int) successesBefore);
        }
        assertThat(result.best().orElseThrow().config().getInt("max_depth")).isBetween(1, 5);
    }

    @Test
    void whenEveryTrialFailsThereIsNoBest() {
        SearchResult result = SearchLoop.builder(SPACE, new RandomSearch(SPACE), c -> {
            throw new RuntimeException();
        }).maxTrials(3).build().run();
        assertThat(result.best()).isEmpty();
        assertThat(result.trials()).extracting(r -> r.failureReason().orElseThrow())
                .containsOnly("RuntimeException");
    }

    @Test
    void initialConfigurationsAreEvaluatedFirstInOrderAndClippedToTheSpace() {
        Configuration first = config("eta", 0.03, "max_depth", 6, "subsample", 0.8, "lambda", 20.0);
        Configuration outOfRange = config("eta", 5.0, "max_depth", 2, "subsample", 0.6, "lambda", 10.0);
        RecordingOptimizer optimizer = new RecordingOptimizer(new TpeOptimizer(SPACE));
        SearchResult result = SearchLoop.builder(SPACE, optimizer, Benchmarks::bowl)
                .maxTrials(5).maxParallel(2).seed(9)
                .initialConfigurations(List.of(first, outOfRange)).build().run();

        assertThat(result.trials().get(0).config()).isEqualTo(first.clipTo(SPACE));
        assertThat(result.trials().get(1).config())
                .isEqualTo(config("eta", 1.0, "max_depth", 2, "subsample", 0.6, "lambda", 10.0,
                        "objective", "binary:logistic"));
        assertThat(result.best().orElseThrow().objective()).isEqualTo(0.0);
        assertThat(optimizer.seen).hasSize(3);
    }

    @Test
    void priorHistoryIsShownToTheOptimizerButNotReportedAsAResult() {
        List<Trial> prior = List.of(Trial.parent(
                config("eta", 0.03, "max_depth", 6, "subsample", 0.8, "lambda", 20.0, "objective", "binary:logistic"),
                -100.0));
        RecordingOptimizer optimizer = new RecordingOptimizer(new RandomSearch(SPACE));
        SearchResult result = SearchLoop.builder(SPACE, optimizer, Benchmarks::bowl)
                .maxTrials(3).priorHistory(prior).build().run();
        assertThat(optimizer.seen.get(0)).isEqualTo(prior);
        assertThat(optimizer.seen.get(2)).hasSize(3);
        assertThat(result.trials()).hasSize(3);
        assertThat(result.best().orElseThrow().origin()).isEqualTo(TrialOrigin.CURRENT);
        assertThat(result.best().orElseThrow().objective()).isPositive();
    }

    @Test
    void sameSeedReproducesTheConfigurationSequenceEvenWhenParallel() {
        assertThat(configs(21, 2)).isEqualTo(configs(21, 2));
        assertThat(configs(21, 1)).isEqualTo(configs(21, 1));
        assertThat(configs(21, 2)).isNotEqualTo(configs(22, 2));
    }

    private static List<Configuration> configs(long seed, int parallel) {
        ObjectiveFunction jittery = c -> {
            // uneven durations so completion order varies between runs
            Thread.sleep((long) (Math.random() * 3));
            return Benchmarks.bowl(c);
        };
        return SearchLoop.builder(SPACE, new TpeOptimizer(SPACE), jittery)
                .maxTrials(16).maxParallel(parallel).seed(seed).build().run()
                .trials().stream().map(TrialRecord::config).toList();
    }

    @Test
    void maxParallelTwoEvaluatesTrialsConcurrently() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<Boolean> metPartner = Collections.synchronizedList(new ArrayList<>());
        ObjectiveFunction rendezvous = c -> {
            bothRunning.countDown();
            // only returns true if another trial is running at the same time
            metPartner.add(bothRunning.await(5, TimeUnit.SECONDS));
            return Benchmarks.bowl(c);
        };
        SearchResult result = SearchLoop.builder(SPACE, new RandomSearch(SPACE), rendezvous)
                .maxTrials(5).maxParallel(2).seed(3).build().run();
        assertThat(metPartner.subList(0, 2)).containsExactly(true, true);
        assertThat(result.trials()).hasSize(5).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
    }

    @Test
    void maxParallelOneRunsSequentiallyOnTheCallingThread() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        ObjectiveFunction counting = c -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread());
            Thread.sleep(2);
            running.decrementAndGet();
            return Benchmarks.bowl(c);
        };
        SearchLoop.builder(SPACE, new RandomSearch(SPACE), counting).maxTrials(4).maxParallel(1).build().run();
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(threads).hasSize(4).containsOnly(Thread.currentThread());
    }
}
