package dev.treeline.tuning.job;

import static dev.treeline.tuning.job.TuningTestSupport.awaitFinished;
import static dev.treeline.tuning.job.TuningTestSupport.consume;
import static dev.treeline.tuning.job.TuningTestSupport.datasetReady;
import static dev.treeline.tuning.job.TuningTestSupport.envelope;
import static dev.treeline.tuning.job.TuningTestSupport.ofRun;
import static dev.treeline.tuning.job.TuningTestSupport.publish;
import static dev.treeline.tuning.job.TuningTestSupport.trials;
import static dev.treeline.tuning.job.TuningTestSupport.upload;
import static dev.treeline.support.testing.ServiceApi.asViewer;
import static dev.treeline.support.testing.ServiceApi.metrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.treeline.events.DatasetReady;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.tuning.MovableClock;
import dev.treeline.tuning.training.CategoricalData;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.SyntheticData;
import dev.treeline.tuning.training.TestMetrics;
import dev.treeline.tuning.api.TuningJobResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/** DatasetReady in through the real broker, XGBoost training, S3 artifacts, TuningCompleted / RunFailed out. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "tuning") })
class TuningPipelineTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectStore objects;

    private DatasetReady regressionRun(String model, TuningSection tuning, boolean testing) {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, model, runId, SyntheticData.regressionCsv(600, 1, 0),
                SyntheticData.regressionCsv(200, 2, 0), SyntheticData.regressionCsv(150, 3, 0));
        return datasetReady(runId, model, "reg:squarederror", tuning, FEATURES, splits, testing);
    }

    @Test
    void datasetReadyThroughTheBrokerPublishesTuningCompletedWithLineageAndAReloadableArtifact() throws Exception {
        DatasetReady ds = regressionRun("tune-reg", TestSections.TUNE_REG, false);
        publish(envelope(ds));

        TuningJob job = awaitFinished(ds.runId(), JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        List<ConsumerRecord<String, byte[]>> records = consume(Topics.TUNING, ofRun(ds.runId()), 1, JOB_TIMEOUT);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("tune-reg");
        EventEnvelope<TuningCompleted> event = EventCodec.shared().decode(records.get(0).value(), TuningCompleted.class);
        TuningCompleted tc = event.payload();
        assertThat(event.correlationId()).isEqualTo(ds.runId());
        assertThat(tc.runId()).isEqualTo(ds.runId());
        assertThat(tc.lineage().layer()).isEqualTo(ds.lineage().layer());
        assertThat(tc.objective()).isEqualTo(ds.objective());
        assertThat(tc.lineage().featureNames()).isEqualTo(ds.lineage().featureNames());
        assertThat(tc.lineage().window()).isEqualTo(ds.lineage().window());
        assertThat(tc.lineage().query()).isEqualTo(ds.lineage().query());
        assertThat(tc.lineage().queryParameters()).isEqualTo(ds.lineage().queryParameters());
        assertThat(tc.lineage().splits()).isEqualTo(ds.lineage().splits());
        assertThat(tc.lineage()).isEqualTo(ds.lineage());
        assertThat(tc.tuningJobName()).isEqualTo(job.name);
        assertThat(tc.trialCount()).isEqualTo(4);
        assertThat(tc.objectiveMetric()).isEqualTo("validation:rmse");
        assertThat(tc.objectiveMetricValue()).isEqualTo(job.evalMetricValue);
        assertThat(tc.xgboostVersion()).isEqualTo("3.4.0");
        assertThat(tc.artifact().key()).isEqualTo("models/tune-reg/" + job.name + "/model.ubj");
        assertThat(tc.testMetrics()).containsOnlyKeys("mae", "rmse", "error_std", "r2", "mape",
                "mape_skipped_rows");
        assertThat(trials(job.name)).hasSize(4);

        // the artifact reloads and reproduces the test metrics the service published, to the last bit
        byte[] ubj = objects.read(new ObjectRef(tc.artifact().bucket(), tc.artifact().key(), tc.artifact().sha256(),
                tc.artifact().bytes(), null, tc.artifact().versionId()));
        assertThat(ubj[0]).isEqualTo((byte) '{'); // UBJSON object marker, not Java serialisation
        Booster reloaded = XGBoost.loadModel(ubj);
        CsvMatrix test = CsvMatrix.read(download(ds.lineage().splits().test()), 3);
        float[] predictions = TuningJobRunner.predict(reloaded, test);
        Map<String, Double> recomputed = TestMetrics.regression(test.labels(), predictions);
        recomputed.forEach((k, v) -> assertThat(tc.testMetrics().get(k)).as(k).isEqualTo(v));
        int rounds = (Integer) tc.bestHyperparameters().get("num_round");
        assertThat(reloaded.getNumBoostedRound()).isEqualTo(rounds);
        reloaded.dispose();

        String descriptorJson = new String(objects.read(new ObjectRef(tc.artifact().bucket(), job.descriptorKey,
                sha(job.descriptorKey), 0, null, null)), StandardCharsets.UTF_8);
        Map<String, Object> descriptor = new ObjectMapper().readValue(descriptorJson, new TypeReference<>() { });
        assertThat(descriptor.get("featureNames")).isEqualTo(FEATURES);
        assertThat(descriptor.get("objective")).isEqualTo("reg:squarederror");
        assertThat(descriptor.get("xgboostVersion")).isEqualTo("3.4.0");
        assertThat(descriptor.get("bestIteration")).isEqualTo(rounds - 1);
        assertThat(descriptor.get("modelSha256")).isEqualTo(tc.artifact().sha256());

        // progress API and history
        asViewer().get("/tuning-jobs/" + job.name).then().statusCode(200)
                .body("job.status", equalTo("COMPLETED"))
                .body("progress.trialsDone", equalTo(4)).body("progress.trialsTotal", equalTo(4))
                .body("trials.size()", equalTo(4))
                .body("bestSoFar.trialIndex", equalTo(job.bestTrialIndex))
                .body("artifact.sha256", equalTo(tc.artifact().sha256()))
                // what it ran with, so it can be repeated: the section of its DatasetReady, as the definition has it
                .body("ranWith.objectiveMetric", equalTo("rmse"))
                .body("ranWith.definitionRevision", equalTo(TuningTestSupport.DEFINITION_REVISION))
                .body("ranWith.tuning.strategy", equalTo("BAYESIAN"))
                .body("ranWith.tuning.'max-trials'", equalTo(4))
                .body("ranWith.tuning.'parallel-trials'", equalTo(2))
                .body("ranWith.tuning.'early-stopping-rounds'", equalTo(5))
                .body("ranWith.tuning.seed", equalTo(42))
                .body("ranWith.tuning.ranges.num_round.max", equalTo(150.0f))
                .body("ranWith.tuning.ranges.num_round.integer", equalTo(true));
        assertThat(job.tuning).isEqualTo(TestSections.TUNE_REG);
        assertThat(job.seed).isEqualTo(42);
        String csv = asViewer().queryParam("model", "tune-reg").queryParam("format", "csv").get("/tuning-jobs")
                .then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst()).contains(TuningJobResource.CSV_HEADER);
        assertThat(csv).contains("," + job.name + ",tune-reg,gold,reg:squarederror,rmse," + job.evalMetricValue + ",4");
        String metrics = metrics();
        assertThat(metrics).contains("treeline_tuning_trials_total{model=\"tune-reg\",status=\"succeeded\"}")
                .contains("treeline_tuning_trial_duration_seconds_count{model=\"tune-reg\"")
                .contains("treeline_tuning_job_best_objective{model=\"tune-reg\"}");
        asViewer().queryParam("model", "tune-reg").get("/evaluations").then().statusCode(200)
                .body("find { it.tuningJob == '" + job.name + "' }.metrics.rmse",
                        org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void twoModelsTunedWithDifferentSectionsInOneServiceEachGetTheirOwnBudgetAndSettings() {
        // the section, not configuration, decides: the service has no settings for either model
        TuningSection three = new TuningSection(TuningStrategy.RANDOM, 3, 1, 3, 0, null, null, 11L,
                Map.of("num_round", TestSections.rounds(5, 20)), Map.of("max_depth", "2"));
        TuningSection five = TestSections.section(5, 30, false);
        DatasetReady a = regressionRun("tune-budget-a", three, false);
        DatasetReady b = regressionRun("tune-budget-b", five, false);
        publish(envelope(a));
        publish(envelope(b));
        TuningJob jobA = awaitFinished(a.runId(), JOB_TIMEOUT);
        TuningJob jobB = awaitFinished(b.runId(), JOB_TIMEOUT);
        assertThat(jobA.status).as(jobA.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(jobB.status).as(jobB.failureReason).isEqualTo(TuningJob.Status.COMPLETED);

        assertThat(trials(jobA.name)).hasSize(3).allSatisfy(t -> {
            assertThat(t.parameters).containsEntry("max_depth", 2);
            assertThat((Integer) t.parameters.get("num_round")).isBetween(5, 20);
        });
        assertThat(jobA.strategy).isEqualTo(TuningStrategy.RANDOM);
        assertThat(jobA.maxParallelJobs).isEqualTo(1);
        assertThat(jobA.seed).isEqualTo(11);
        assertThat(jobA.tuning).isEqualTo(three);
        assertThat(trials(jobB.name)).hasSize(5).allSatisfy(t ->
                assertThat((Integer) t.parameters.get("num_round")).isBetween(5, 30));
        assertThat(jobB.strategy).isEqualTo(TuningStrategy.BAYESIAN);
        assertThat(jobB.maxParallelJobs).isEqualTo(2);
        assertThat(jobB.tuning).isEqualTo(five);
        assertThat(completed(a.runId()).trialCount()).isEqualTo(3);
        assertThat(completed(b.runId()).trialCount()).isEqualTo(5);
    }

    @Test
    void aVersionTwoDatasetReadyWithoutASectionRunsWithEveryDefault() throws Exception {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-v2", runId, SyntheticData.regressionCsv(150, 7, 0),
                SyntheticData.regressionCsv(60, 8, 0), SyntheticData.regressionCsv(60, 9, 0));
        // what a data-prep of schema version 2 publishes: no objective metric, tuning section or definition revision
        ObjectNode v2 = (ObjectNode) JSON.readTree(EventCodec.shared().encode(envelope(datasetReady(runId, "tune-v2",
                "reg:squarederror", TuningSection.defaults(), FEATURES, splits, false))));
        v2.put("schemaVersion", 2);
        ((ObjectNode) v2.get("payload")).remove(List.of("objectiveMetric", "tuning", "definitionRevision"));
        TuningTestSupport.send(Topics.DATASETS, "tune-v2", JSON.writeValueAsBytes(v2));

        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.tuning).isEqualTo(TuningSection.defaults());
        assertThat(job.objectiveMetric).isEqualTo("rmse");
        assertThat(job.evalMetric).isEqualTo(EvalMetric.RMSE);
        assertThat(job.definitionRevision).isZero();
        assertThat(job.strategy).isEqualTo(TuningStrategy.BAYESIAN);
        assertThat(job.maxJobs).isEqualTo(30);
        assertThat(job.maxParallelJobs).isEqualTo(2);
        assertThat(trials(job.name)).hasSize(30);
        assertThat(completed(runId).objectiveMetric()).isEqualTo("validation:rmse");
        asViewer().get("/tuning-jobs/" + job.name).then().statusCode(200)
                .body("ranWith.definitionRevision", equalTo(0))
                .body("ranWith.tuning.'max-trials'", equalTo(30))
                .body("ranWith.tuning.'out-of-range-policy'", equalTo("CLIP"))
                .body("ranWith.tuning.ranges.size()", equalTo(0));
    }

    @Test
    void aMetricThatDoesNotFitTheObjectiveOrIsUnknownAndInvalidRangesFailTheJobWithTheReason() {
        String notFitting = "run-" + UUID.randomUUID();
        String unknown = "run-" + UUID.randomUUID();
        String badRanges = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-reg", notFitting, SyntheticData.regressionCsv(20, 1, 0),
                SyntheticData.regressionCsv(20, 2, 0), SyntheticData.regressionCsv(20, 3, 0));
        publish(envelope(datasetReady(notFitting, "tune-reg", "reg:squarederror", "logloss", TestSections.TUNE_REG,
                FEATURES, splits, false)));
        publish(envelope(datasetReady(unknown, "tune-reg", "reg:squarederror", "ndcg", TestSections.TUNE_REG,
                FEATURES, splits, false)));
        publish(envelope(datasetReady(badRanges, "tune-reg", "reg:squarederror", new TuningSection(null, null, null,
                null, null, null, null, null, Map.of("eta", new TuningSection.RangeSpec(0, 0.3,
                        TuningSection.Scale.LOG, null)), null), FEATURES, splits, false)));

        TuningJob job = awaitFinished(notFitting, JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).isEqualTo("objective metric 'logloss' does not fit objective"
                + " 'reg:squarederror'; reg:squarederror is tuned by one of rmse, mae, rmsle, mape: set"
                + " task.objective-metric to one of them or leave it out (default rmse)");
        assertThat(job.evalMetric).isNull();
        assertThat(job.objectiveMetric).isEqualTo("logloss");
        assertThat(trials(job.name)).isEmpty();
        assertThat(runFailed(notFitting).reason()).isEqualTo(job.failureReason);

        TuningJob unknownJob = awaitFinished(unknown, JOB_TIMEOUT);
        assertThat(unknownJob.failureReason).startsWith("objective metric 'ndcg' does not fit objective 'reg:squarederror'");
        RunFailed unknownFailed = runFailed(unknown);
        assertThat(unknownFailed.stage()).isEqualTo("tuning");
        assertThat(unknownFailed.reason()).isEqualTo(unknownJob.failureReason);

        TuningJob badRangesJob = awaitFinished(badRanges, JOB_TIMEOUT);
        assertThat(badRangesJob.failureReason).isEqualTo("the tuning section's ranges are invalid: parameter 'eta':"
                + " LOG scale needs min > 0, got 0.0");
        assertThat(runFailed(badRanges).reason()).isEqualTo(badRangesJob.failureReason);
        asViewer().get("/tuning-jobs/" + job.name).then().statusCode(200)
                .body("job.status", equalTo("FAILED")).body("job.evalMetric", equalTo("none"))
                .body("ranWith.objectiveMetric", equalTo("logloss"));
    }

    private TuningCompleted completed(String runId) {
        List<ConsumerRecord<String, byte[]>> records = consume(Topics.TUNING, ofRun(runId), 1, JOB_TIMEOUT);
        assertThat(records).hasSize(1);
        return EventCodec.shared().decode(records.get(0).value(), TuningCompleted.class).payload();
    }

    @Test
    void binaryClassificationIsEvaluatedWithLoglossAucAccuracyAndF1() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-bin", runId, SyntheticData.binaryCsv(600, 4),
                SyntheticData.binaryCsv(200, 5), SyntheticData.binaryCsv(200, 6));
        publish(envelope(datasetReady(runId, "tune-bin", "binary:logistic", TestSections.TUNE_BIN, List.of("x0", "x1"),
                splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.evalMetric).isEqualTo(EvalMetric.LOGLOSS);
        Map<String, Double> metrics = asViewer().queryParam("model", "tune-bin").get("/evaluations").then()
                .statusCode(200).extract().jsonPath().getMap("[0].metrics", String.class, Double.class);
        assertThat(metrics).containsOnlyKeys("logloss", "auc", "aucpr", "accuracy", "f1", "precision",
                "recall", "tn", "fp", "fn", "tp");
        assertThat(metrics.get("auc")).isGreaterThan(0.8);
    }

    /** A maximised objective metric on the real servers: the best trial is the one with the highest AUC. */
    @Test
    void aBinaryJobTunedOnValidationAucKeepsTheTrialWithTheHighestAuc() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-auc", runId, SyntheticData.binaryCsv(600, 14),
                SyntheticData.binaryCsv(200, 15), SyntheticData.binaryCsv(200, 16));
        publish(envelope(datasetReady(runId, "tune-auc", "binary:logistic", "auc", TestSections.TUNE_BIN,
                List.of("x0", "x1"), splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.evalMetric).isEqualTo(EvalMetric.AUC);
        TuningCompleted tc = completed(runId);
        assertThat(tc.objectiveMetric()).isEqualTo("validation:auc");
        List<Double> trialAucs = trials(job.name).stream().filter(t -> t.objective != null)
                .map(t -> t.objective).toList();
        assertThat(trialAucs).as("every trial reports its AUC as is, not negated").isNotEmpty()
                .allMatch(v -> v > 0.5 && v <= 1.0);
        assertThat(tc.objectiveMetricValue()).isEqualTo(trialAucs.stream().mapToDouble(Double::doubleValue).max()
                .orElseThrow());
    }

    /** A count target on the real servers: count:poisson tuned on poisson-nloglik, tested with the Poisson deviance. */
    @Test
    void aCountTargetTrainsCountPoissonAndIsTestedByPoissonDeviance() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-count", runId, SyntheticData.countCsv(600, 24),
                SyntheticData.countCsv(200, 25), SyntheticData.countCsv(200, 26));
        publish(envelope(datasetReady(runId, "tune-count", "count:poisson", TestSections.TUNE_BIN,
                List.of("x0", "x1"), splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.evalMetric).isEqualTo(EvalMetric.POISSON_NLOGLIK);
        TuningCompleted tc = completed(runId);
        assertThat(tc.objectiveMetric()).isEqualTo("validation:poisson-nloglik");
        assertThat(tc.testMetrics()).containsKeys("poisson_deviance", "rmse", "mae");
        // the mean is exp(0.5 + x0 - 0.5 x1), about 2: a fitted model's mean deviance is near 1, far below a
        // constant prediction's
        assertThat(tc.testMetrics().get("poisson_deviance")).isBetween(0.0, 1.6);
    }

    /** The same static trees for both runs of the categorical comparison; only num_round is searched. */
    private static final TuningSection TUNE_CATEGORICAL = new TuningSection(null, 2, 1, 5, 0, null, null, 42L,
            Map.of("num_round", TestSections.rounds(30, 60)), Map.of("eta", "0.3", "max_depth", "3", "alpha", "0",
            "lambda", "1", "gamma", "0", "min_child_weight", "1", "subsample", "1", "colsample_bytree", "1",
            "colsample_bylevel", "1", "max_delta_step", "0"));

    @Test
    void threeCategoricalColumnsTrainNativelyNoWorseThanTheSameCodesEncodedByHandAndTheModelCarriesTheSchema()
            throws Exception {
        String train = CategoricalData.csv(600, 1);
        String validation = CategoricalData.csv(200, 2);
        String test = CategoricalData.csv(200, 3);
        DatasetSchema schema = CategoricalData.categoricalSchema();
        String catRun = "run-" + UUID.randomUUID();
        publish(envelope(datasetReady(catRun, "tune-cat", "reg:squarederror", TUNE_CATEGORICAL,
                CategoricalData.FEATURES, upload(objects, "tune-cat", catRun, train, validation, test, schema),
                false)));
        // the same rows with the codes as ordinal numbers: a dataset of before schemas (no schema.json)
        String ordinalRun = "run-" + UUID.randomUUID();
        publish(envelope(datasetReady(ordinalRun, "tune-cat-ordinal", "reg:squarederror", TUNE_CATEGORICAL,
                CategoricalData.FEATURES, upload(objects, "tune-cat-ordinal", ordinalRun, train, validation, test),
                false)));
        TuningJob categorical = awaitFinished(catRun, JOB_TIMEOUT);
        TuningJob ordinal = awaitFinished(ordinalRun, JOB_TIMEOUT);
        assertThat(categorical.status).as(categorical.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(ordinal.status).as(ordinal.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        TuningCompleted tc = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(catRun), 1, JOB_TIMEOUT).get(0)
                .value(), TuningCompleted.class).payload();
        TuningCompleted tcOrdinal = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(ordinalRun), 1,
                JOB_TIMEOUT).get(0).value(), TuningCompleted.class).payload();
        double rmse = tc.testMetrics().get("rmse");
        double rmseOrdinal = tcOrdinal.testMetrics().get("rmse");
        assertThat(rmse).as("categorical test RMSE %s vs hand-encoded %s", rmse, rmseOrdinal)
                .isLessThanOrEqualTo(rmseOrdinal).isLessThan(0.7 * rmseOrdinal);

        // the artifact holds the schema (attribute), the feature names and types, and has categorical splits
        Booster model = XGBoost.loadModel(objects.read(new ObjectRef(tc.artifact().bucket(), tc.artifact().key(),
                tc.artifact().sha256(), tc.artifact().bytes(), null, tc.artifact().versionId())));
        try {
            assertThat(DatasetSchema.fromJson(model.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE))).isEqualTo(schema);
            assertThat(model.getFeatureNames()).containsExactlyElementsOf(CategoricalData.FEATURES);
            assertThat(model.getFeatureTypes()).containsExactly("q", "q", "c", "c", "c");
            assertThat(new String(model.toByteArray("json"), StandardCharsets.UTF_8)).contains("\"split_type\":[1");
        } finally {
            model.dispose();
        }
        assertThat(tc.bestHyperparameters()).containsEntry("max_depth", 3);
        Map<String, Object> descriptor = JSON.readValue(objects.read(new ObjectRef(tc.artifact().bucket(),
                categorical.descriptorKey, sha(categorical.descriptorKey), 0, null, null)), new TypeReference<>() { });
        assertThat(JSON.writeValueAsString(descriptor.get("schema"))).isEqualTo(new String(schema.toJson(),
                StandardCharsets.UTF_8));
        // the hand-encoded model is numeric, named after the lineage's features
        Map<String, Object> ordinalDescriptor = JSON.readValue(objects.read(new ObjectRef(tc.artifact().bucket(),
                ordinal.descriptorKey, sha(ordinal.descriptorKey), 0, null, null)), new TypeReference<>() { });
        assertThat(JSON.writeValueAsString(ordinalDescriptor.get("schema"))).isEqualTo(new String(
                DatasetSchema.numeric("label", CategoricalData.FEATURES).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void aSchemaWhoseBytesDoNotMatchItsHashOrThatNamesOtherFeaturesFailsTheJob() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits good = upload(objects, "tune-cat", runId, CategoricalData.csv(50, 1), CategoricalData.csv(20, 2),
                CategoricalData.csv(20, 3), CategoricalData.categoricalSchema());
        ObjectRef s = good.schema();
        DatasetSplits tampered = new DatasetSplits(good.train(), good.validation(), good.test(), new ObjectRef(
                s.bucket(), s.key(), "0".repeat(64), s.bytes(), null, s.versionId()));
        publish(envelope(datasetReady(runId, "tune-cat", "reg:squarederror", TUNE_CATEGORICAL,
                CategoricalData.FEATURES, tampered, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).startsWith("the dataset schema is corrupt (s3://" + s.bucket() + "/" + s.key()
                + ")");

        String otherRun = "run-" + UUID.randomUUID();
        publish(envelope(datasetReady(otherRun, "tune-cat", "reg:squarederror", TUNE_CATEGORICAL,
                List.of("x0", "x1", "c0", "c1", "colour"), good, false)));
        TuningJob other = awaitFinished(otherRun, JOB_TIMEOUT);
        assertThat(other.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(other.failureReason).contains("names the features [x0, x1, c0, c1, c2] but the dataset's lineage"
                + " has [x0, x1, c0, c1, colour]");
    }

    @Test
    void aFiveClassTextLabelTrainsEveryClassAndItsTestMetricsAreWeighted() throws Exception {
        List<String> classes = List.of("price", "service", "moved", "competitor", "other");
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, List.of(DatasetSchema.Feature.numeric("x0"),
                DatasetSchema.Feature.numeric("x1")), new DatasetSchema.Label("reason", classes), "w", null);
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-reason", runId, SyntheticData.weightedMulticlassCsv(500, 1, 5),
                SyntheticData.weightedMulticlassCsv(200, 2, 5), SyntheticData.weightedMulticlassCsv(200, 3, 5),
                schema);
        publish(envelope(datasetReady(runId, "tune-reason", "multi:softprob", TestSections.TUNE_BIN,
                List.of("x0", "x1"), splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        TuningCompleted tc = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(runId), 1, JOB_TIMEOUT).get(0)
                .value(), TuningCompleted.class).payload();
        assertThat(tc.testMetrics()).containsKeys("mlogloss", "accuracy", "macro_f1", "precision[4]",
                "confusion[4][4]");
        // recomputed from the artifact with the test split's weights: the same numbers, to the last bit
        Booster model = XGBoost.loadModel(objects.read(new ObjectRef(tc.artifact().bucket(), tc.artifact().key(),
                tc.artifact().sha256(), tc.artifact().bytes(), null, tc.artifact().versionId())));
        try {
            assertThat(DatasetSchema.fromJson(model.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE)).label().classes())
                    .isEqualTo(classes);
            CsvMatrix test = CsvMatrix.read(download(splits.test()), schema);
            float[][] p = TuningJobRunner.predictRows(model, test);
            assertThat(p[0]).hasSize(5);
            Map<String, Double> weighted = TestMetrics.multiclassProbabilities(test.labels(), p, test.weights());
            weighted.forEach((k, v) -> assertThat(tc.testMetrics().get(k)).as(k).isEqualTo(v));
            assertThat(TestMetrics.multiclassProbabilities(test.labels(), p).get("accuracy"))
                    .isNotEqualTo(tc.testMetrics().get("accuracy"));
        } finally {
            model.dispose();
        }
    }

    @Test
    void aRankingTableWithQueryGroupsTrainsRankNdcgByNdcgAtFiveAndPublishesNdcgAndMapPerGroup() {
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, List.of(DatasetSchema.Feature.numeric("x0"),
                DatasetSchema.Feature.numeric("x1")), new DatasetSchema.Label("relevance", List.of()), null, "query");
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-rank", runId, SyntheticData.rankingCsv(60, 1, 3),
                SyntheticData.rankingCsv(20, 2, 3), SyntheticData.rankingCsv(20, 3, 3), schema);
        publish(envelope(datasetReady(runId, "tune-rank", "rank:ndcg", "ndcg@5", TestSections.TUNE_BIN,
                List.of("x0", "x1"), splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.evalMetric).isEqualTo(EvalMetric.NDCG);
        TuningCompleted tc = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(runId), 1, JOB_TIMEOUT).get(0)
                .value(), TuningCompleted.class).payload();
        assertThat(tc.objectiveMetric()).isEqualTo("validation:ndcg@5");
        assertThat(tc.objectiveMetricValue()).isBetween(0.5, 1.0);
        assertThat(tc.testMetrics()).containsOnlyKeys("ndcg", "ndcg@5", "ndcg@10", "map", "map@5", "map@10",
                "groups").containsEntry("groups", 20.0);
        assertThat(tc.testMetrics().get("ndcg@5")).isBetween(0.5, 1.0);
    }

    @Test
    void aTestingRunDoesExactlyOneTrial() {
        DatasetReady ds = regressionRun("tune-testing", TestSections.TUNE_TESTING, true);
        publish(envelope(ds));
        TuningJob job = awaitFinished(ds.runId(), JOB_TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(job.testing).isTrue();
        assertThat(job.maxJobs).isEqualTo(1);
        assertThat(job.trainingJobCount).isEqualTo(1);
        assertThat(trials(job.name)).hasSize(1);
        TuningCompleted tc = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(ds.runId()), 1, JOB_TIMEOUT)
                .get(0).value(), TuningCompleted.class).payload();
        assertThat(tc.testing()).isTrue();
        assertThat(tc.trialCount()).isEqualTo(1);
    }

    @Test
    void aRedeliveredOrRepublishedDatasetReadyNeverStartsASecondJob() {
        DatasetReady ds = regressionRun("tune-testing", TestSections.TUNE_TESTING, true);
        EventEnvelope<DatasetReady> event = envelope(ds);
        publish(event);
        publish(event); // redelivery: same event id
        publish(envelope(ds)); // the same run published again under a new event id
        TuningJob job = awaitFinished(ds.runId(), JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.COMPLETED);
        // a later run of the same model (same key, so the same partition) is consumed after the copies: once its
        // job has finished, the copies were processed, and its TuningCompleted comes after any the copies caused
        DatasetReady later = regressionRun("tune-testing", TestSections.TUNE_TESTING, true);
        publish(envelope(later));
        assertThat(awaitFinished(later.runId(), JOB_TIMEOUT).status).isEqualTo(TuningJob.Status.COMPLETED);
        assertThat(TuningTestSupport.jobsOfRun(ds.runId())).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> completions = consume(Topics.TUNING,
                ofRun(ds.runId()).or(ofRun(later.runId())), Integer.MAX_VALUE, JOB_TIMEOUT, ofRun(later.runId()));
        assertThat(completions.stream().filter(ofRun(ds.runId()))).hasSize(1);
    }

    @Test
    void aJobIsNamedAndTimedByTheServiceClock() {
        MovableClock.get().advance(Duration.ofDays(3));
        Instant before = MovableClock.get().instant();
        DatasetReady ds = regressionRun("tune-testing", TestSections.TUNE_TESTING, true);
        publish(envelope(ds));
        TuningJob job = awaitFinished(ds.runId(), JOB_TIMEOUT);
        Instant after = MovableClock.get().instant();
        assertThat(job.createdAt).isBetween(before, after);
        assertThat(job.startedAt).isBetween(job.createdAt, after);
        assertThat(job.finishedAt).isBetween(job.startedAt, after);
        assertThat(job.name).isEqualTo(DatasetReadyConsumer.jobName("tune-testing", ds.runId(), job.createdAt));
        assertThat(trials(job.name)).allSatisfy(t -> assertThat(t.finishedAt).isBetween(job.startedAt, after));
    }

    @Test
    void aCorruptDatasetFailsTheJobAndPublishesRunFailed() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits good = upload(objects, "tune-reg", runId, SyntheticData.regressionCsv(50, 1, 0),
                SyntheticData.regressionCsv(20, 2, 0), SyntheticData.regressionCsv(20, 3, 0));
        ObjectRef t = good.train();
        ObjectRef tampered = new ObjectRef(t.bucket(), t.key(), "0".repeat(64), t.bytes(), t.rows(), t.versionId());
        publish(envelope(datasetReady(runId, "tune-reg", "reg:squarederror", TestSections.TUNE_REG, FEATURES,
                new DatasetSplits(tampered, good.validation(), good.test()), false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).contains("dataset split 'train' is corrupt");
        RunFailed failed = runFailed(runId);
        assertThat(failed.stage()).isEqualTo("tuning");
        assertThat(failed.model()).isEqualTo("tune-reg");
        assertThat(failed.reason()).isEqualTo(job.failureReason);
    }

    @Test
    void aMissingDatasetFailsTheJobWithTheKeyInTheReason() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits good = upload(objects, "tune-reg", runId, SyntheticData.regressionCsv(50, 1, 0),
                SyntheticData.regressionCsv(20, 2, 0), SyntheticData.regressionCsv(20, 3, 0));
        ObjectRef v = good.validation();
        ObjectRef gone = new ObjectRef(v.bucket(), "datasets/tune-reg/" + runId + "/nope.csv", v.sha256(), v.bytes(),
                v.rows(), null);
        publish(envelope(datasetReady(runId, "tune-reg", "reg:squarederror", TestSections.TUNE_REG, FEATURES,
                new DatasetSplits(good.train(), gone, good.test()), false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).contains("dataset split 'validation' is missing").contains("nope.csv");
        assertThat(runFailed(runId).reason()).isEqualTo(job.failureReason);
    }

    @Test
    void failingTrialsAreRecordedWithTheirReasonAndAJobWhoseTrialsAllFailFails() {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-fail-all", runId, SyntheticData.regressionCsv(100, 1, 0),
                SyntheticData.regressionCsv(50, 2, 0), SyntheticData.regressionCsv(50, 3, 0));
        publish(envelope(datasetReady(runId, "tune-fail-all", "reg:squarederror", TestSections.TUNE_FAIL_ALL,
                FEATURES, splits, false)));
        TuningJob job = awaitFinished(runId, JOB_TIMEOUT);
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).startsWith("every one of the 2 trials failed")
                .contains("exact tree method doesn't support unlimited depth");
        List<TuningTrial> trials = trials(job.name);
        assertThat(trials).hasSize(2).allSatisfy(t -> {
            assertThat(t.status).isEqualTo(TuningTrial.Status.FAILED);
            assertThat(t.failureReason).contains("unlimited depth");
        });
        assertThat(runFailed(runId).stage()).isEqualTo("tuning");
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicWithItsReason() {
        String marker = "not-json-" + UUID.randomUUID();
        TuningTestSupport.send(Topics.DATASETS, "tune-reg", marker.getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, byte[]>> dead = consume(Topics.deadLetter(Topics.DATASETS),
                r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker), 1, JOB_TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();
    }

    @Test
    void unknownJobsAndFormatsAreProblems() {
        asViewer().get("/tuning-jobs/no-such-job").then().statusCode(404)
                .body("detail", containsString("no-such-job"));
        asViewer().queryParam("format", "xml").get("/tuning-jobs").then().statusCode(400)
                .body("detail", containsString("format"));
        asViewer().queryParam("model", "Not A Model!").get("/evaluations").then().statusCode(400);
    }

    @Test
    void aNewJobStartsColdWhenTheModelHasNoEligibleParent() {
        DatasetReady ds = regressionRun("tune-testing", TestSections.TUNE_TESTING, true);
        publish(envelope(ds));
        TuningJob job = awaitFinished(ds.runId(), JOB_TIMEOUT);
        // every earlier tune-testing job was a testing run: none is eligible
        assertThat(job.warmStartType).isEqualTo(WarmStartType.NONE);
        assertThat(job.parents).isEmpty();
    }

    private RunFailed runFailed(String runId) {
        List<ConsumerRecord<String, byte[]>> records = consume(Topics.RUN_FAILURES, ofRun(runId), 1, JOB_TIMEOUT);
        assertThat(records).hasSize(1);
        EventEnvelope<RunFailed> e = EventCodec.shared().decode(records.get(0).value(), RunFailed.class);
        assertThat(e.correlationId()).isEqualTo(runId);
        return e.payload();
    }

    private java.nio.file.Path download(ObjectRef ref) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("split", ".csv");
        java.nio.file.Files.delete(file);
        return objects.download(ref, file);
    }

    private String sha(String key) {
        return dev.treeline.support.s3.Sha256Digests.of(s3Bytes(key));
    }

    @Inject
    software.amazon.awssdk.services.s3.S3Client s3;

    private byte[] s3Bytes(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(TuningTestSupport.BUCKET).key(key)).asByteArray();
    }
}
