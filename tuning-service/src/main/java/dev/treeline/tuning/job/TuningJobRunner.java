package dev.treeline.tuning.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DatasetReady;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.definition.Objectives;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.support.s3.ObjectDigestMismatchException;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.S3Config;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.Direction;
import dev.treeline.tuning.search.ObjectiveFunction;
import dev.treeline.tuning.search.Optimizer;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.RandomSearch;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.TrialRecord;
import dev.treeline.tuning.training.CategoricalTraining;
import dev.treeline.tuning.training.CorruptDatasetException;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.LabelCheck;
import dev.treeline.tuning.training.TestMetrics;
import dev.treeline.tuning.training.ThreadBudget;
import dev.treeline.tuning.training.TrialOutcome;
import dev.treeline.tuning.training.TrialTrainer;
import dev.treeline.tuning.training.XgboostVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Runs tuning jobs on its own executor, outside the consumer's transaction, as the job's tuning section says (the
 * section of its DatasetReady, stored with the job; no per-model configuration): download and verify the splits,
 * pick the warm-start plan, search, train the best configuration to its best iteration, evaluate it on the test
 * split, write {@code model.ubj} + {@code descriptor.json}, then complete the job and publish TuningCompleted in one
 * transaction. Any failure ends the job FAILED with a reason and a RunFailed event.
 *
 * <p>A singleton (no lazy proxy), so it exists, and its process start is taken, before the consumer it is injected
 * into can create a job: every job this process creates is younger than {@link #processStart}.
 */
@Singleton
public class TuningJobRunner {

    private static final Logger LOG = Logger.getLogger(TuningJobRunner.class);
    private static final String[] SPLITS = {"train", "validation", "test"};

    private final TuningJobStore store;
    private final ParentSelector parents;
    private final ObjectStore objects;
    private final S3Config s3;
    private final TuningConfig config;
    private final TuningMetrics metrics;
    private final ObjectMapper json;
    /** This process's start: a RUNNING job created before it belongs to a process that is gone. */
    private final Instant processStart;
    private ExecutorService executor;
    private volatile boolean stopping;

    public TuningJobRunner(TuningJobStore store, ParentSelector parents, ObjectStore objects, S3Config s3,
                           TuningConfig config, TuningMetrics metrics, ObjectMapper json, Clock clock) {
        this.store = store;
        this.parents = parents;
        this.objects = objects;
        this.s3 = s3;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.processStart = clock.instant();
    }

    /** Created with the bean, so a job the consumer submits early in start-up always has somewhere to run. */
    @PostConstruct
    void createExecutor() {
        AtomicInteger count = new AtomicInteger();
        executor = Executors.newFixedThreadPool(Math.max(1, config.maxConcurrentJobs()), r -> {
            Thread t = new Thread(r, "tuning-job-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        List<String> failed = store.failInterrupted(processStart);
        if (!failed.isEmpty()) {
            LOG.warnf("failed %d tuning job(s) interrupted by the previous shutdown: %s", failed.size(), failed);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The cores one job may use: the machine's (or {@code treeline.tuning.cores}) shared by concurrent jobs. */
    public int cores() {
        int total = config.cores().orElse(Runtime.getRuntime().availableProcessors());
        return Math.max(1, total / config.maxConcurrentJobs());
    }

    /** Queues a job created (and committed) by the consumer. */
    public void submit(String jobName) {
        executor.submit(() -> run(jobName));
    }

    void run(String name) {
        Path work = null;
        try {
            TuningJob job = store.start(name);
            work = Files.createTempDirectory(config.workDir().map(Path::of).orElse(Path.of(System.getProperty(
                    "java.io.tmpdir"))), "tuning-" + name + "-");
            execute(job, work);
        } catch (JobFailure e) {
            finishFailed(name, e.getMessage());
        } catch (Exception | Error e) {
            if (stopping || e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                // best effort: if the database is already gone, the next start-up fails the job instead
                finishFailed(name, "the tuning service shut down while this job was running; retrain the run to"
                        + " tune again");
                return;
            }
            LOG.errorf(e, "tuning job %s failed unexpectedly", name);
            finishFailed(name, "unexpected error: " + e);
        } finally {
            deleteQuietly(work);
        }
    }

    private void finishFailed(String name, String reason) {
        try {
            store.find(name).ifPresent(job -> {
                if (store.fail(name, reason)) {
                    metrics.job(job.model, "failed");
                }
            });
        } catch (RuntimeException e) {
            // left RUNNING: the start-up check of the next process fails it and publishes RunFailed
            LOG.errorf(e, "could not record the failure of tuning job %s (%s)", name, reason);
        }
    }

    private void execute(TuningJob job, Path work) throws XGBoostError, InterruptedException, IOException {
        @SuppressWarnings("unchecked")
        EventEnvelope<DatasetReady> event = (EventEnvelope<DatasetReady>) EventCodec.shared()
                .decode(job.datasetEvent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DatasetReady ds = event.payload();
        // the section the job was created with (a job stored before sections were: its event's, i.e. the defaults)
        TuningSection tuning = job.tuning != null ? job.tuning : ds.tuning();
        EvalMetric metric = job.evalMetric;
        SearchSpace space = SearchSpaces.forSection(tuning);

        DatasetSchema schema = schema(ds, work);
        checkTask(job.objective, schema, tuning);
        CsvMatrix train = fetch(ds.lineage().splits().train(), SPLITS[0], work, schema);
        CsvMatrix validation = fetch(ds.lineage().splits().validation(), SPLITS[1], work, schema);
        CsvMatrix test = fetch(ds.lineage().splits().test(), SPLITS[2], work, schema);
        if (test.rows() == 0) {
            throw new JobFailure("dataset split 'test' is empty: nothing to evaluate the model on");
        }
        CsvMatrix[] splits = {train, validation, test};
        for (int i = 0; i < splits.length; i++) {
            try {
                LabelCheck.check(job.objective, SPLITS[i], splits[i], schema);
                // ranking trains on whole query groups: each group's rows together (a stable sort keeps their order)
                splits[i] = splits[i].sortedByGroup();
                if (splits[i].groups() != null && splits[i].weights() != null) {
                    splits[i].groupWeights(SPLITS[i]);
                }
            } catch (CorruptDatasetException e) {
                throw new JobFailure(e.getMessage(), e);
            }
        }
        train = splits[0];
        validation = splits[1];
        test = splits[2];
        // k from all three splits and the label's classes, so a class only the test split (or no split) has still
        // gets an output
        int numClass = LabelCheck.numClasses(schema, train, validation, test);
        Direction direction = metric.direction();

        WarmStartPlan plan = WarmStartPlan.of(job.datasetHash,
                parents.withTrials(parents.eligibleParents(job.model, job.layer, job.objective, job.evalMetric,
                        job.objectiveMetric, tuning.maxParents())),
                space, outOfRangePolicy(tuning.outOfRangePolicy()), tuning.transferBestConfigurations());
        store.recordWarmStart(job.name, plan);
        ThreadBudget threads = ThreadBudget.of(cores(), job.maxParallelJobs);
        LOG.infof("tuning job %s (run %s, model %s): %s, %d trials, %d at a time x %d XGBoost threads, seed %d,"
                        + " warm start %s from %s", job.name, job.runId, job.model, job.strategy, job.maxJobs,
                threads.parallelTrials(), threads.nthread(), job.seed, plan.type(), plan.parentNames());

        try (TrialTrainer trainer = new TrialTrainer(train, validation, schema, job.objective, metric,
                job.objectiveMetric, numClass, threads.nthread(), tuning.earlyStoppingRounds(), xgboostSeed(job.seed),
                threads.parallelTrials())) {
            Map<Configuration, TrialOutcome> pending = Collections.synchronizedMap(new IdentityHashMap<>());
            Map<Integer, TrialOutcome> outcomes = new HashMap<>();
            ObjectiveFunction objective = c -> {
                TrialOutcome o = trainer.train(c);
                pending.put(c, o);
                // the optimisers minimise: a maximised metric (auc) is searched negated, reported as it is
                return direction.toObjective(o.validationScore());
            };
            int reEvaluated = plan.reEvaluated(job.maxJobs);
            double[] best = {Double.POSITIVE_INFINITY};
            SearchResult result = JobSearch.run(space, optimizer(job.strategy, space), objective, plan, job.maxJobs,
                    threads.parallelTrials(), job.seed, r -> {
                        TrialOutcome o = pending.remove(r.config());
                        if (o != null) {
                            outcomes.put(r.index(), o);
                        }
                        store.recordTrial(job.name, r, r.index() < reEvaluated ? TuningTrial.Origin.PARENT_BEST
                                : TuningTrial.Origin.SEARCH, o);
                        metrics.trial(job.model, r.succeeded(), r.duration());
                        if (r.succeeded() && r.objective().getAsDouble() < best[0]) {
                            best[0] = r.objective().getAsDouble();
                            metrics.bestObjective(job.model, direction.toMetric(best[0]));
                        }
                        logTrial(job, r, o, direction.toMetric(best[0]));
                    });
            TrialRecord bestRecord = result.trials().stream().filter(TrialRecord::succeeded)
                    .min(Comparator.comparingDouble(r -> r.objective().getAsDouble()))
                    .orElseThrow(() -> new JobFailure("every one of the " + result.trials().size()
                            + " trials failed; first failure: " + result.trials().get(0).failureReason().orElse("?")));
            TrialOutcome bestOutcome = outcomes.get(bestRecord.index());
            BestCandidate own = BestCandidate.own(job.name, bestRecord.index(),
                    direction.toMetric(bestRecord.objective().getAsDouble()), bestOutcome.bestIteration(),
                    bestRecord.config().values(), job.seed);
            finish(job, event, plan, metric, trainer, BestTrialChoice.choose(plan.type(), direction, own,
                    plan.parentBests()), test, schema, TrainedCodes.json(train, schema));
        }
    }

    private void finish(TuningJob job, EventEnvelope<DatasetReady> event, WarmStartPlan plan, EvalMetric metric,
                        TrialTrainer trainer, BestCandidate best, CsvMatrix test, DatasetSchema schema,
                        String trainedCodes) throws XGBoostError, InterruptedException, JsonProcessingException {
        DatasetReady ds = event.payload();
        int rounds = best.rounds();
        // a parent's best is retrained with the parent's seed: same configuration, data and seed, same model
        Configuration bestConfig = Configuration.of(best.configuration());
        Booster model = trainer.trainFinal(bestConfig, rounds, xgboostSeed(best.seed()));
        byte[] ubj;
        Map<String, Double> testMetrics;
        try {
            testMetrics = TestMetrics.compute(job.objective, trainer.params(bestConfig), test.labels(),
                    test.weights(), test.groups() == null ? null : test.groupSizes(), predictRows(model, test));
            ubj = ShippedModel.bytes(model, schema, trainedCodes);
        } finally {
            model.dispose();
        }
        Map<String, Object> hyperparameters = new LinkedHashMap<>(best.configuration());
        hyperparameters.put(TrialTrainer.NUM_ROUND, rounds);

        String prefix = "models/" + job.model + "/" + job.name + "/";
        ObjectRef modelRef = objects.put(s3.bucket(), prefix + "model.ubj", ubj, null);
        ModelDescriptor descriptor = new ModelDescriptor(job.model, job.name, job.runId, "ubj", "model.ubj",
                modelRef.sha256(), ds.lineage().featureNames(), job.objective, metric.reportedName(job.objectiveMetric),
                XgboostVersion.get(),
                best.bestIteration(), hyperparameters, schema);
        ObjectRef descriptorRef = objects.put(s3.bucket(), prefix + "descriptor.json",
                json.writeValueAsBytes(descriptor), null);

        ArtifactRef artifact = new ArtifactRef(modelRef.bucket(), modelRef.key(), modelRef.sha256(), modelRef.bytes(),
                ArtifactFormat.UBJSON, modelRef.versionId());
        double value = best.value();
        TuningCompleted completed = new TuningCompleted(ds.runId(), ds.model(), ds.objective(),
                ds.lineage(), job.name, plan.parentNames(),
                plan.type(), job.strategy, job.maxJobs, hyperparameters,
                "validation:" + metric.reportedName(job.objectiveMetric), value, testMetrics, artifact, XgboostVersion.get(),
                ds.testing());
        store.complete(job.name, new TuningJobStore.Completion(best, hyperparameters, testMetrics, test.rows(),
                artifact, descriptorRef.key()), EventEnvelope.of(ds.runId(), completed));
        metrics.job(job.model, "completed");
        LOG.infof("tuning job %s COMPLETED: best trial %d of %s%s, validation %s %.6g at iteration %d, test %s,"
                        + " model s3://%s/%s", job.name, best.trialIndex(), best.trialJob(), keptNote(best, artifact),
                metric.reportedName(job.objectiveMetric), value, best.bestIteration(), testMetrics, modelRef.bucket(),
                modelRef.key());
    }

    /** Says when a parent's best was kept and whether its retrained model has the parent's bytes. */
    private static String keptNote(BestCandidate best, ArtifactRef artifact) {
        if (!best.fromParent()) {
            return "";
        }
        return " (parent " + best.keptFrom() + "'s best kept: no own trial beat it; model "
                + (artifact.sha256().equals(best.artifactSha256()) ? "identical to" : "differs from")
                + " the parent's)";
    }

    /** The first output of each row (the prediction of single-output objectives). */
    static float[] predict(Booster model, CsvMatrix data) throws XGBoostError {
        float[][] raw = predictRows(model, data);
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i][0];
        }
        return out;
    }

    /** Every output of each row: one, or k class probabilities for multi:softprob. */
    static float[][] predictRows(Booster model, CsvMatrix data) throws XGBoostError {
        DMatrix matrix = new DMatrix(data.features(), data.rows(), data.columns(), Float.NaN);
        try {
            return model.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    /**
     * The dataset's schema: {@code schema.json} verified by its SHA-256 like the splits, or for a dataset written
     * before schemas (no reference) its features as numeric; it must name the lineage's features in their order.
     */
    DatasetSchema schema(DatasetReady ds, Path work) {
        ObjectRef ref = ds.lineage().splits().schema();
        List<String> features = ds.lineage().featureNames();
        if (ref == null) {
            return DatasetSchema.numeric(ds.lineage().labelColumn() == null ? "label" : ds.lineage().labelColumn(),
                    features);
        }
        Path file = work.resolve(DatasetSchema.FILE_NAME);
        download(ref, "the dataset schema", file);
        DatasetSchema schema;
        String where = "s3://" + ref.bucket() + "/" + ref.key();
        try {
            schema = DatasetSchema.fromJson(Files.readAllBytes(file));
        } catch (IllegalArgumentException | IOException e) {
            throw new JobFailure("the dataset schema is corrupt (" + where + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
        if (!schema.featureNames().equals(features)) {
            throw new JobFailure("the dataset schema (" + where + ") names the features " + schema.featureNames()
                    + " but the dataset's lineage has " + features + ": the schema and the splits do not belong"
                    + " together");
        }
        return schema;
    }

    /** What the schema asks of the objective and section, refused before anything trains. */
    static void checkTask(String objective, DatasetSchema schema, TuningSection tuning) {
        boolean ranking = Objectives.find(objective).map(o -> o.family() == Objectives.Family.RANKING).orElse(false);
        if (ranking && schema.groupColumn() == null) {
            throw new JobFailure("objective '" + objective + "' ranks rows within query groups, but the dataset has"
                    + " no group column: set data.group-column in the model definition");
        }
        if (!ranking && schema.groupColumn() != null) {
            throw new JobFailure("the dataset has a group column ('" + schema.groupColumn() + "'), which only a"
                    + " rank:* objective uses, not " + objective + ": remove data.group-column or choose rank:*");
        }
        try {
            CategoricalTraining.checkTreeMethod(schema, tuning.staticParameters().get("tree_method"));
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage(), e);
        }
    }

    private void download(ObjectRef ref, String what, Path file) {
        String where = "s3://" + ref.bucket() + "/" + ref.key();
        try {
            objects.download(ref, file);
        } catch (ObjectDigestMismatchException e) {
            throw new JobFailure(what + " is corrupt (" + where + "): " + e.getMessage(), e);
        } catch (NoSuchKeyException e) {
            throw new JobFailure(what + " is missing: " + where, e);
        } catch (S3Exception e) {
            throw new JobFailure(e.statusCode() == 404 ? what + " is missing: " + where
                    : "could not download " + what + " (" + where + "): " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private CsvMatrix fetch(ObjectRef ref, String split, Path work, DatasetSchema schema) {
        Path file = work.resolve(split + ".csv");
        String where = "s3://" + ref.bucket() + "/" + ref.key();
        download(ref, "dataset split '" + split + "'", file);
        try {
            return CsvMatrix.read(file, schema);
        } catch (CorruptDatasetException e) {
            throw new JobFailure("dataset split '" + split + "' is corrupt (" + where + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void logTrial(TuningJob job, TrialRecord r, TrialOutcome o, double best) {
        if (r.succeeded()) {
            LOG.infof("tuning job %s trial %d/%d SUCCEEDED: %s %.6g (best iteration %d of %d rounds) in %d ms,"
                            + " best so far %.6g; %s", job.name, r.index() + 1, job.maxJobs,
                    job.evalMetric.reportedName(job.objectiveMetric),
                    r.objective().getAsDouble(), o == null ? -1 : o.bestIteration(), o == null ? -1 : o.roundsTrained(),
                    r.duration().toMillis(), best, r.config());
        } else {
            LOG.infof("tuning job %s trial %d/%d FAILED in %d ms: %s; %s", job.name, r.index() + 1, job.maxJobs,
                    r.duration().toMillis(), r.failureReason().orElse("?"), r.config());
        }
    }

    static OutOfRangePolicy outOfRangePolicy(TuningSection.OutOfRangePolicy policy) {
        return switch (policy) {
            case CLIP -> OutOfRangePolicy.CLIP;
            case DROP -> OutOfRangePolicy.DROP;
        };
    }

    static Optimizer optimizer(TuningStrategy strategy, SearchSpace space) {
        return strategy == TuningStrategy.RANDOM ? new RandomSearch(space)
                : new TpeOptimizer(space);
    }

    /** XGBoost's seed parameter is read as a non-negative int; the job's recorded seed maps to it deterministically. */
    public static long xgboostSeed(long jobSeed) {
        return Math.floorMod(jobSeed, Integer.MAX_VALUE);
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("could not delete %s: %s", path, e.getMessage());
        }
    }
}
