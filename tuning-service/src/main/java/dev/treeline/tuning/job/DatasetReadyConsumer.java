package dev.treeline.tuning.job;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.events.DatasetReady;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.WarmStartType;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;
import dev.treeline.support.s3.Sha256Digests;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.UnsupportedMetricException;
import dev.treeline.tuning.training.UnsupportedObjectiveException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Starts one tuning job per run from DatasetReady, tuned as the event's tuning section says (strategy, trials,
 * parallel trials, seed here; the rest in {@link TuningJobRunner}) and scored by its objective metric. A metric that
 * is unknown or does not fit the objective, or ranges the search space rejects, fail the job at once with the reason
 * (RunFailed). The job row is created in the consumer's transaction (with the
 * processed-event record), and the job is handed to {@link TuningJobRunner} only after that commits: training
 * never runs inside the consumer transaction. A run that already has a job is skipped, so a redelivered or
 * re-published DatasetReady never starts a second job. A record that does not decode goes to
 * {@code treeline.datasets.dlq} with the reason.
 */
@ApplicationScoped
public class DatasetReadyConsumer {

    static final String CONSUMER = "tuning.datasets";
    private static final Logger LOG = Logger.getLogger(DatasetReadyConsumer.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final EventConsumers consumers;
    private final EventRoutes routes;
    private final TuningJobStore store;
    private final TuningJobRunner runner;
    private final TransactionSynchronizationRegistry transactions;
    private final Clock clock;
    private final SecureRandom seeds = new SecureRandom();

    public DatasetReadyConsumer(EventConsumers consumers, TuningJobStore store, TuningJobRunner runner,
                                TransactionSynchronizationRegistry transactions, Clock clock) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(DatasetReady.class, this::apply);
        this.store = store;
        this.runner = runner;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Incoming("datasets")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    private void apply(EventEnvelope<DatasetReady> event) {
        DatasetReady dataset = event.payload();
        if (store.runExists(dataset.runId())) {
            LOG.infof("run %s of model %s already has a tuning job; DatasetReady %s ignored", dataset.runId(),
                    dataset.model(), event.eventId());
            return;
        }
        // The event as this build reads it (an older schema version arrives upcast), so a resume reads it back.
        TuningJob job = newJob(dataset, new String(EventCodec.shared().encode(event), StandardCharsets.UTF_8));
        store.insert(job);
        String name = job.name;
        // the job is recorded so the run is closed with a reason, not silently dropped
        try {
            job.evalMetric = EvalMetric.forObjective(dataset.objective(), dataset.objectiveMetric());
        } catch (UnsupportedObjectiveException | UnsupportedMetricException e) {
            store.fail(name, e.getMessage());
            return;
        }
        try {
            SearchSpaces.forSection(dataset.tuning());
        } catch (IllegalArgumentException e) {
            store.fail(name, "the tuning section's ranges are invalid: " + e.getMessage());
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    runner.submit(name);
                }
            }
        });
    }

    private TuningJob newJob(DatasetReady ds, String eventJson) {
        TuningSection tuning = ds.tuning();
        Instant now = clock.instant();
        TuningJob job = new TuningJob();
        job.name = jobName(ds.model(), ds.runId(), now);
        job.runId = ds.runId();
        job.model = ds.model();
        job.layer = ds.lineage().layer();
        job.objective = ds.objective();
        job.strategy = tuning.strategy();
        job.testing = ds.testing();
        job.maxJobs = ds.testing() ? 1 : tuning.maxTrials();
        job.maxParallelJobs = ds.testing() ? 1 : tuning.parallelTrials();
        job.seed = tuning.seed() != null ? tuning.seed() : seeds.nextLong() & Long.MAX_VALUE;
        job.tuning = tuning;
        job.objectiveMetric = ds.objectiveMetric();
        job.definitionRevision = ds.definitionRevision();
        job.datasetHash = datasetHash(ds.lineage().splits());
        job.warmStartType = WarmStartType.NONE;
        job.parents = List.of();
        job.status = TuningJob.Status.RUNNING;
        job.createdAt = now;
        job.datasetEvent = eventJson;
        return job;
    }

    /**
     * Identifies the data a job trained, validated and tested on: equal hashes mean identical data. The schema's
     * digest joins when there is one (the same codes read as categories or as numbers are different data); datasets
     * without a schema keep the hash of their three splits.
     */
    static String datasetHash(DatasetSplits splits) {
        String joined = splits.train().sha256() + "\n" + splits.validation().sha256() + "\n" + splits.test().sha256()
                + (splits.schema() == null ? "" : "\n" + splits.schema().sha256());
        return Sha256Digests.of(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <model>-<yyyyMMdd-HHmmss>-<6 hex of the run id's hash>}: readable, sortable, unique per run. */
    static String jobName(String model, String runId, Instant at) {
        return model + "-" + NAME_TIME.format(at) + "-"
                + Sha256Digests.of(runId.getBytes(StandardCharsets.UTF_8)).substring(0, 6);
    }
}
