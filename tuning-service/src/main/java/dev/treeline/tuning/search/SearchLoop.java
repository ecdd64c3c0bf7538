package dev.treeline.tuning.search;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a tuning job: suggest, evaluate, record, repeat until {@code maxTrials} evaluations.
 *
 * <p>Work proceeds in batches of up to {@code maxParallel}: all configurations of a batch are chosen from the same
 * history (initial configurations first, in order, then optimiser suggestions), then evaluated concurrently, then
 * recorded in index order. Because suggestions never depend on evaluation timing, the same seed and objective give
 * the same sequence of configurations whatever the thread scheduling. {@code maxParallel = 1} evaluates on the
 * calling thread, fully sequentially.
 *
 * <p>An evaluation that throws or returns a non-finite value is recorded as failed with its reason and is not
 * given to the optimiser as an observation. Prior history (prepared parent trials) is visible to the optimiser
 * but is not part of the result.
 */
public final class SearchLoop {

    private final SearchSpace space;
    private final Optimizer optimizer;
    private final ObjectiveFunction objective;
    private final int maxTrials;
    private final int maxParallel;
    private final long seed;
    private final List<Configuration> initialConfigurations;
    private final List<Trial> priorHistory;
    private final int firstIndex;
    private final Consumer<TrialRecord> onTrial;

    private SearchLoop(Builder b) {
        this.space = b.space;
        this.optimizer = b.optimizer;
        this.objective = b.objective;
        this.maxTrials = b.maxTrials;
        this.maxParallel = b.maxParallel;
        this.seed = b.seed;
        // transfer-learning parents may come from a space whose ranges changed since
        this.initialConfigurations = b.initialConfigurations.stream().map(c -> c.clipTo(b.space)).toList();
        this.priorHistory = List.copyOf(b.priorHistory);
        this.firstIndex = b.firstIndex;
        this.onTrial = b.onTrial;
    }

    public static Builder builder(SearchSpace space, Optimizer optimizer, ObjectiveFunction objective) {
        return new Builder(space, optimizer, objective);
    }

    public SearchResult run() {
        Random rng = new Random(seed);
        List<Trial> history = new ArrayList<>(priorHistory);
        Deque<Configuration> pendingInitial = new ArrayDeque<>(initialConfigurations);
        List<TrialRecord> records = new ArrayList<>();
        ExecutorService executor = maxParallel > 1 ? Executors.newFixedThreadPool(maxParallel, daemonThreads()) : null;
        try {
            while (records.size() < maxTrials) {
                int batchSize = Math.min(maxParallel, maxTrials - records.size());
                List<Trial> snapshot = Collections.unmodifiableList(new ArrayList<>(history));
                List<Configuration> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(pendingInitial.isEmpty() ? optimizer.suggest(snapshot, rng) : pendingInitial.poll());
                }
                List<TrialRecord> evaluated = evaluate(batch, firstIndex + records.size(), executor);
                for (TrialRecord r : evaluated) {
                    records.add(r);
                    r.toTrial().ifPresent(history::add);
                    onTrial.accept(r);
                }
            }
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        Optional<Trial> best = records.stream()
                .map(TrialRecord::toTrial)
                .flatMap(Optional::stream)
                .min(Comparator.comparingDouble(Trial::objective));
        return new SearchResult(best, records);
    }

    private List<TrialRecord> evaluate(List<Configuration> batch, int firstIndex, ExecutorService executor) {
        if (executor == null) {
            List<TrialRecord> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                out.add(evaluateOne(firstIndex + i, batch.get(i)));
            }
            return out;
        }
        List<Future<TrialRecord>> futures = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            int index = firstIndex + i;
            Configuration config = batch.get(i);
            futures.add(executor.submit(() -> evaluateOne(index, config)));
        }
        List<TrialRecord> out = new ArrayList<>();
        try {
            for (Future<TrialRecord> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } catch (ExecutionException e) {
            // evaluateOne catches Exceptions, so only Errors get here
            throw new IllegalStateException("trial evaluation crashed", e.getCause());
        }
        return out;
    }

    private TrialRecord evaluateOne(int index, Configuration config) {
        long start = System.nanoTime();
        try {
            double value = objective.evaluate(config);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!Double.isFinite(value)) {
                return TrialRecord.failed(index, config, "objective was not finite: " + value, took);
            }
            return TrialRecord.succeeded(index, config, value, took);
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return TrialRecord.failed(index, config, reason, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "search-trial-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static final class Builder {
        private final SearchSpace space;
        private final Optimizer optimizer;
        private final ObjectiveFunction objective;
        private int maxTrials = 20;
        private int maxParallel = 1;
        private long seed = 0;
        private List<Configuration> initialConfigurations = List.of();
        private List<Trial> priorHistory = List.of();
        private int firstIndex = 0;
        private Consumer<TrialRecord> onTrial = r -> { };

        private Builder(SearchSpace space, Optimizer optimizer, ObjectiveFunction objective) {
            if (space == null || optimizer == null || objective == null) {
                throw new IllegalArgumentException("space, optimizer and objective must not be null");
            }
            this.space = space;
            this.optimizer = optimizer;
            this.objective = objective;
        }

        public Builder maxTrials(int maxTrials) {
            if (maxTrials < 1) {
                throw new IllegalArgumentException("maxTrials must be >= 1, got " + maxTrials);
            }
            this.maxTrials = maxTrials;
            return this;
        }

        public Builder maxParallel(int maxParallel) {
            if (maxParallel < 1) {
                throw new IllegalArgumentException("maxParallel must be >= 1, got " + maxParallel);
            }
            this.maxParallel = maxParallel;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Evaluated first, in order, before any suggestion (e.g. the transfer-learning parent's best). */
        public Builder initialConfigurations(List<Configuration> configurations) {
            this.initialConfigurations = List.copyOf(configurations);
            return this;
        }

        /** Observations the optimiser sees from the start (e.g. prepared parent trials); not part of the result. */
        public Builder priorHistory(List<Trial> trials) {
            this.priorHistory = List.copyOf(trials);
            return this;
        }

        /** Index of this loop's first trial, for a job that runs in several phases (indices stay unique). */
        public Builder firstIndex(int firstIndex) {
            if (firstIndex < 0) {
                throw new IllegalArgumentException("firstIndex must be >= 0, got " + firstIndex);
            }
            this.firstIndex = firstIndex;
            return this;
        }

        /**
         * Called with each trial as it is recorded, in index order, on the loop's thread (e.g. to persist progress).
         * An exception thrown here aborts the run.
         */
        public Builder onTrial(Consumer<TrialRecord> listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.onTrial = listener;
            return this;
        }

        public SearchLoop build() {
            return new SearchLoop(this);
        }
    }
}
