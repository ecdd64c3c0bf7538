package dev.treeline.dataprep.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.extract.Dataset;
import dev.treeline.dataprep.extract.DatasetExtractor;
import dev.treeline.dataprep.extract.DatasetUploadException;
import dev.treeline.dataprep.extract.ExtractionException;
import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.dataprep.extract.NamedParameters;
import dev.treeline.dataprep.extract.WarehouseUnreachableException;
import dev.treeline.events.DateWindow;
import dev.treeline.events.definition.ModelDefinition;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Executes runs off the request and consumer threads, on a small managed executor, once the run's row has
 * committed: window → EXTRACTING → extraction (warehouse connection retried with exponential backoff through
 * SmallRye Fault Tolerance) → READY + DatasetReady, or FAILED + RunFailed with a reason a person understands.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final RunService runs;
    private final DatasetExtractor extractor;
    private final RunMetrics metrics;
    private final DataPrepConfig config;
    private final ManagedExecutor executor;
    private final Guard warehouseRetry;
    private final Clock clock;

    public RunExecutor(RunService runs, DatasetExtractor extractor, RunMetrics metrics, DataPrepConfig config,
            Clock clock) {
        this.runs = runs;
        this.clock = clock;
        this.extractor = extractor;
        this.metrics = metrics;
        this.config = config;
        // No context travels to the worker: the caller's transaction has ended, each step opens its own.
        this.executor = ManagedExecutor.builder().maxAsync(config.extractionThreads())
                .propagated(ThreadContext.NONE).cleared(ThreadContext.ALL_REMAINING).build();
        DataPrepConfig.WarehouseRetry retry = config.warehouseRetry();
        this.warehouseRetry = Guard.create().withDescription("warehouse connection")
                .withRetry().maxRetries(retry.maxRetries()).delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(1, ChronoUnit.HOURS) // bounded by max-retries; the default 3 minutes could cut it short
                .retryOn(WarehouseUnreachableException.class)
                .withExponentialBackoff().factor(2).maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done().build();
    }

    void onAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunAccepted accepted) {
        metrics.started(accepted.model(), accepted.reason());
        submit(accepted.runId());
    }

    /** Queues the run; it starts when an extraction thread is free. */
    public void submit(UUID runId) {
        executor.runAsync(() -> execute(runId)).exceptionally(e -> {
            LOG.errorf(e, "run %s: unexpected error outside the run's own handling", runId);
            return null;
        });
    }

    /** Executes a REQUESTED run on the calling thread (the executor's); does nothing for any other status. */
    public void execute(UUID runId) {
        RetrainRun requested = runs.findRun(runId).orElse(null);
        if (requested == null || requested.status != RunStatus.REQUESTED) {
            return;
        }
        String model = requested.model;
        ModelDefinition definition;
        DateWindow window;
        try {
            definition = runs.definitionOf(requested); // the revision it was requested with, whatever changed since
            window = DatasetExtractor.windowFor(definition, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        } catch (ExtractionException e) {
            fail(requested, e.kind(), e.getMessage(), null, null);
            return;
        } catch (RuntimeException e) {
            fail(requested, FailureKind.UNEXPECTED, "could not prepare the run: " + e, null, null);
            return;
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put(NamedParameters.DATE_START, window.start());
        bound.put(NamedParameters.DATE_END, window.end());
        Optional<RetrainRun> extracting = runs.startExtracting(runId, window, definition.data().query(), bound);
        if (extracting.isEmpty()) {
            return; // another worker took it, or it was failed meanwhile
        }
        AtomicInteger attempts = new AtomicInteger();
        Instant started = clock.instant();
        try {
            Dataset dataset = warehouseRetry.call(() -> {
                attempts.incrementAndGet();
                try {
                    return extractor.extract(model, definition, window, runId.toString());
                } catch (WarehouseUnreachableException e) {
                    metrics.warehouseUnreachable(model);
                    throw e;
                }
            }, Dataset.class);
            Duration took = since(started);
            runs.markReady(runId, dataset, took.toMillis(), attempts.get());
            metrics.ready(model, requested.reason, dataset.rows(), took);
            LOG.infof("run %s (%s): READY, %d rows in %d ms", runId, model, dataset.rows(), took.toMillis());
        } catch (WarehouseUnreachableException e) {
            fail(requested, e.kind(), e.getMessage() + " (gave up after " + attempts.get() + " attempts)",
                    since(started), attempts.get());
        } catch (ExtractionException | DatasetUploadException e) {
            fail(requested, e.kind(), e.getMessage(), since(started), attempts.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(requested, FailureKind.INTERRUPTED, "the extraction was interrupted (service stopping)",
                    since(started), attempts.get());
        } catch (Exception e) {
            LOG.errorf(e, "run %s (%s): unexpected failure", runId, model);
            fail(requested, FailureKind.UNEXPECTED, "unexpected error: " + e, since(started), attempts.get());
        }
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }

    private void fail(RetrainRun run, FailureKind kind, String reason, Duration took, Integer attempts) {
        LOG.warnf("run %s (%s): FAILED (%s): %s", run.id, run.model, kind.tag(), reason);
        if (runs.markFailed(run.id, kind, reason, took == null ? null : took.toMillis(), attempts).isPresent()) {
            metrics.failed(run.model, run.reason, kind, took);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow(); // left EXTRACTING: failed as interrupted at the next start
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
