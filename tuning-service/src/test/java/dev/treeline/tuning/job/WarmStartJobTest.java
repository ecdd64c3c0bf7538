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
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.EventCodec;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.tuning.MovableClock;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.SyntheticData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * A chain of retraining cycles of one model: a cold job, a child on identical data, a grandchild on shifted data.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "tuning") })
class WarmStartJobTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");

    @Inject
    ObjectStore objects;
    @Inject
    TuningJobStore store;

    private TuningJob runJob(double shift, long seed) {
        return runJob("tune-warm", TestSections.TUNE_WARM, shift, seed);
    }

    private TuningJob runJob(String model, TuningSection tuning, double shift, long seed) {
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, model, runId, SyntheticData.regressionCsv(500, seed, shift),
                SyntheticData.regressionCsv(200, seed + 1, shift), SyntheticData.regressionCsv(100, seed + 2, shift));
        publish(envelope(datasetReady(runId, model, "reg:squarederror", tuning, FEATURES, splits, false)));
        TuningJob job = awaitFinished(runId, TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        return job;
    }

    @Test
    void identicalDataWarmStartsFromTheParentAndNewDataTransfersItsBestConfigurations() {
        TuningJob first = runJob(0, 100);
        assertThat(first.warmStartType).isEqualTo(WarmStartType.NONE);

        // same data (same bytes, so same hashes) under a new run: identical data and algorithm
        TuningJob second = runJob(0, 100);
        assertThat(second.datasetHash).isEqualTo(first.datasetHash);
        assertThat(second.warmStartType).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(second.parents).containsExactly(first.name);
        // on identical data a child never ends worse than its parent
        assertThat(second.evalMetricValue).isLessThanOrEqualTo(first.evalMetricValue);
        if (second.bestFromParent()) {
            assertThat(second.artifact.sha256).isEqualTo(first.artifact.sha256);
        }
        TuningCompleted event = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(second.runId), 1, TIMEOUT)
                .get(0).value(), TuningCompleted.class).payload();
        assertThat(event.warmStartType()).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(event.parentTuningJobs()).containsExactly(first.name);
        assertThat(event.objectiveMetricValue()).isLessThanOrEqualTo(first.evalMetricValue);

        // shifted data: transfer learning from the most recent parent (the child: chains carry on)
        TuningJob third = runJob(0.8, 200);
        assertThat(third.datasetHash).isNotEqualTo(second.datasetHash);
        assertThat(third.warmStartType).isEqualTo(WarmStartType.TRANSFER_LEARNING);
        assertThat(third.parents).containsExactly(second.name);

        // the parent's two best configurations are re-evaluated first, best first
        List<Map<String, Object>> parentBest = trials(second.name).stream()
                .filter(t -> t.status == TuningTrial.Status.SUCCEEDED)
                .sorted(Comparator.comparingDouble(t -> t.objective))
                .limit(2).map(t -> t.parameters).toList();
        List<TuningTrial> thirdTrials = trials(third.name);
        assertThat(thirdTrials).hasSize(6);
        assertThat(thirdTrials.subList(0, 2)).allSatisfy(t ->
                assertThat(t.origin).isEqualTo(TuningTrial.Origin.PARENT_BEST));
        assertThat(thirdTrials.subList(0, 2).stream().map(t -> t.parameters).toList())
                .containsExactlyElementsOf(parentBest);
        assertThat(thirdTrials.subList(2, 6)).allSatisfy(t ->
                assertThat(t.origin).isEqualTo(TuningTrial.Origin.SEARCH));
    }

    @Test
    void aRetrainOnIdenticalDataThatBeatsNothingKeepsTheParentsBestAndShipsTheParentsModel() throws Exception {
        // a model of its own, so the chain of the test above is not its parent
        TuningJob parent = runJob("tune-retrain", TestSections.TUNE_RETRAIN, 0, 300);
        assertThat(parent.warmStartType).isEqualTo(WarmStartType.NONE);
        assertThat(parent.bestIteration).as("a model of real trees, which the seed shapes").isPositive();
        // the parent's best is recorded as unbeatable, so no trial of the child can beat it
        double unbeatable = 1e-9;
        QuarkusTransaction.requiringNew().run(() ->
                TuningJob.update("evalMetricValue = ?1 where name = ?2", unbeatable, parent.name));

        TuningJob child = runJob("tune-retrain", TestSections.TUNE_RETRAIN, 0, 300);
        assertThat(child.warmStartType).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(child.parents).containsExactly(parent.name);
        assertThat(child.evalMetricValue).isEqualTo(unbeatable);
        assertThat(child.bestFromParent()).isTrue();
        assertThat(child.bestTrialJob).isEqualTo(parent.name);
        assertThat(child.bestTrialIndex).isEqualTo(parent.bestTrialIndex);
        assertThat(child.bestIteration).isEqualTo(parent.bestIteration);
        assertThat(child.bestHyperparameters).isEqualTo(parent.bestHyperparameters);
        assertThat(child.finalModelSeed).isEqualTo(parent.seed).isNotEqualTo(child.seed);
        assertThat(trials(child.name)).hasSize(6).allSatisfy(t ->
                assertThat(t.objective).isGreaterThan(unbeatable));

        // retrained from the parent's configuration with the parent's seed: the parent's model, to the byte
        byte[] parentModel = read(parent.artifact.toRef());
        byte[] childModel = read(child.artifact.toRef());
        assertThat(child.artifact.sha256).isEqualTo(parent.artifact.sha256);
        assertThat(childModel).isEqualTo(parentModel);
        CsvMatrix test = SyntheticData.matrix(Files.createTempDirectory("warm"), "test.csv",
                SyntheticData.regressionCsv(100, 302, 0), FEATURES.size());
        Booster parentBooster = XGBoost.loadModel(parentModel);
        Booster childBooster = XGBoost.loadModel(childModel);
        try {
            assertThat(TuningJobRunner.predict(childBooster, test))
                    .containsExactly(TuningJobRunner.predict(parentBooster, test));
        } finally {
            parentBooster.dispose();
            childBooster.dispose();
        }

        TuningCompleted event = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(child.runId), 1, TIMEOUT)
                .get(0).value(), TuningCompleted.class).payload();
        assertThat(event.objectiveMetricValue()).isEqualTo(unbeatable);
        assertThat(event.bestHyperparameters()).isEqualTo(parent.bestHyperparameters);
        assertThat(event.artifact().sha256()).isEqualTo(parent.artifact.sha256);
        asViewer().get("/tuning-jobs/" + child.name).then().statusCode(200)
                .body("bestSoFar.fromParent", equalTo(true))
                .body("bestSoFar.tuningJob", equalTo(parent.name))
                .body("bestSoFar.trialIndex", equalTo(parent.bestTrialIndex))
                .body("job.evalMetricValue", equalTo((float) unbeatable));
    }

    @Test
    void aJobLeftRunningByAnEarlierProcessIsFailedWithAClearReasonAndTheRunIsReported() {
        String runId = "run-" + UUID.randomUUID();
        String name = "tune-warm-stale-" + runId.substring(4, 12);
        QuarkusTransaction.requiringNew().run(() -> {
            TuningJob j = new TuningJob();
            j.name = name;
            j.runId = runId;
            j.model = "tune-warm";
            j.layer = "gold";
            j.objective = "reg:squarederror";
            j.evalMetric = EvalMetric.RMSE;
            j.maxJobs = 6;
            j.trainingJobCount = 3;
            j.strategy = TuningStrategy.BAYESIAN;
            j.warmStartType = WarmStartType.NONE;
            j.datasetHash = "b".repeat(64);
            j.status = TuningJob.Status.RUNNING;
            j.createdAt = MovableClock.get().instant();
            j.persist();
        });
        // the process that created it is gone; the next one starts an hour later
        MovableClock.get().advance(Duration.ofHours(1));
        assertThat(store.failInterrupted(MovableClock.get().instant().minus(Duration.ofMinutes(1)))).contains(name);
        TuningJob job = store.find(name).orElseThrow();
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).contains("stopped while this job was running").contains("3 of 6 trials");
        RunFailed failed = EventCodec.shared().decode(consume(Topics.RUN_FAILURES, ofRun(runId), 1, TIMEOUT)
                .get(0).value(), RunFailed.class).payload();
        assertThat(failed.stage()).isEqualTo("tuning");
        assertThat(failed.reason()).isEqualTo(job.failureReason);
    }

    private byte[] read(ArtifactRef a) {
        return objects.read(new ObjectRef(a.bucket(), a.key(), a.sha256(), a.bytes(), null, a.versionId()));
    }
}
