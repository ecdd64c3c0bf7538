package dev.treeline.tuning.job;

import static dev.treeline.tuning.job.TuningTestSupport.awaitFinished;
import static dev.treeline.tuning.job.TuningTestSupport.consume;
import static dev.treeline.tuning.job.TuningTestSupport.datasetReady;
import static dev.treeline.tuning.job.TuningTestSupport.envelope;
import static dev.treeline.tuning.job.TuningTestSupport.ofRun;
import static dev.treeline.tuning.job.TuningTestSupport.publish;
import static dev.treeline.tuning.job.TuningTestSupport.trials;
import static dev.treeline.tuning.job.TuningTestSupport.upload;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.treeline.events.DatasetSplits;
import dev.treeline.events.EventCodec;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.WarmStartType;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.tuning.training.SyntheticData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

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
        String runId = "run-" + UUID.randomUUID();
        DatasetSplits splits = upload(objects, "tune-warm", runId, SyntheticData.regressionCsv(500, seed, shift),
                SyntheticData.regressionCsv(200, seed + 1, shift), SyntheticData.regressionCsv(100, seed + 2, shift));
        publish(envelope(datasetReady(runId, "tune-warm", "reg:squarederror", FEATURES, splits, false)));
        TuningJob job = awaitFinished(runId, TIMEOUT);
        assertThat(job.status).as(job.failureReason).isEqualTo(TuningJob.Status.COMPLETED);
        return job;
    }

    @Test
    void identicalDataWarmStartsFromTheParentAndNewDataTransfersItsBestConfigurations() {
        TuningJob first = runJob(0, 100);
        assertThat(first.warmStartType).isEqualTo(WarmStartType.NONE.name());

        // same data (same bytes, so same hashes) under a new run: identical data and algorithm
        TuningJob second = runJob(0, 100);
        assertThat(second.datasetHash).isEqualTo(first.datasetHash);
        assertThat(second.warmStartType).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM.name());
        assertThat(JsonColumns.readStrings(second.parents)).containsExactly(first.name);
        TuningCompleted event = EventCodec.shared().decode(consume(Topics.TUNING, ofRun(second.runId), 1, TIMEOUT)
                .get(0).value(), TuningCompleted.class).payload();
        assertThat(event.warmStartType()).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(event.parentTuningJobs()).containsExactly(first.name);

        // shifted data: transfer learning from the most recent parent (the child: chains carry on)
        TuningJob third = runJob(0.8, 200);
        assertThat(third.datasetHash).isNotEqualTo(second.datasetHash);
        assertThat(third.warmStartType).isEqualTo(WarmStartType.TRANSFER_LEARNING.name());
        assertThat(JsonColumns.readStrings(third.parents)).containsExactly(second.name);

        // the parent's two best configurations are re-evaluated first, best first
        List<String> parentBest = trials(second.name).stream()
                .filter(t -> t.status == TuningTrial.Status.SUCCEEDED)
                .sorted(Comparator.comparingDouble(t -> t.objective))
                .limit(2).map(t -> t.parameters).toList();
        List<TuningTrial> thirdTrials = trials(third.name);
        assertThat(thirdTrials).hasSize(6);
        assertThat(thirdTrials.subList(0, 2)).allSatisfy(t ->
                assertThat(t.origin).isEqualTo(TuningTrial.Origin.PARENT_BEST));
        assertThat(thirdTrials.subList(0, 2).stream().map(t -> JsonColumns.readObject(t.parameters)).toList())
                .containsExactlyElementsOf(parentBest.stream().map(JsonColumns::readObject).toList());
        assertThat(thirdTrials.subList(2, 6)).allSatisfy(t ->
                assertThat(t.origin).isEqualTo(TuningTrial.Origin.SEARCH));
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
            j.evalMetric = "rmse";
            j.maxJobs = 6;
            j.trainingJobCount = 3;
            j.strategy = "BAYESIAN";
            j.warmStartType = "NONE";
            j.parents = "[]";
            j.datasetHash = "b".repeat(64);
            j.status = TuningJob.Status.RUNNING;
            j.createdAt = Instant.now().minus(Duration.ofHours(1));
            j.persist();
        });
        assertThat(store.failInterrupted(Instant.now().minus(Duration.ofMinutes(1)))).contains(name);
        TuningJob job = store.find(name).orElseThrow();
        assertThat(job.status).isEqualTo(TuningJob.Status.FAILED);
        assertThat(job.failureReason).contains("stopped while this job was running").contains("3 of 6 trials");
        RunFailed failed = EventCodec.shared().decode(consume(Topics.RUN_FAILURES, ofRun(runId), 1, TIMEOUT)
                .get(0).value(), RunFailed.class).payload();
        assertThat(failed.stage()).isEqualTo("tuning");
        assertThat(failed.reason()).isEqualTo(job.failureReason);
    }
}
