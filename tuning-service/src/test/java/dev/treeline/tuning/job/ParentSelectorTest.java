package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.training.EvalMetric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Parent selection against a table of jobs, each differing from an eligible one in exactly one respect. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "tuning") })
class ParentSelectorTest {

    /** One history row: how it differs, and whether selection must pick it. */
    record Row(String label, String modelSuffix, String layer, String objective, EvalMetric evalMetric, int trials,
               boolean testing, TuningJob.Status status, int minutesAgo, boolean eligible) {
    }

    private static final List<Row> TABLE = List.of(
            new Row("newest", "", "gold", "reg:squarederror", EvalMetric.RMSE, 5, false, TuningJob.Status.COMPLETED, 1, true),
            new Row("older-two-trials", "", "gold", "reg:squarederror", EvalMetric.RMSE, 2, false, TuningJob.Status.COMPLETED, 10, true),
            new Row("oldest", "", "gold", "reg:squarederror", EvalMetric.RMSE, 30, false, TuningJob.Status.COMPLETED, 100, true),
            new Row("other-model", "-x", "gold", "reg:squarederror", EvalMetric.RMSE, 5, false, TuningJob.Status.COMPLETED, 0, false),
            new Row("other-layer", "", "silver", "reg:squarederror", EvalMetric.RMSE, 5, false, TuningJob.Status.COMPLETED, 0, false),
            new Row("other-objective", "", "gold", "reg:absoluteerror", EvalMetric.RMSE, 5, false, TuningJob.Status.COMPLETED, 0, false),
            new Row("other-metric", "", "gold", "reg:squarederror", EvalMetric.LOGLOSS, 5, false, TuningJob.Status.COMPLETED, 0, false),
            new Row("one-trial", "", "gold", "reg:squarederror", EvalMetric.RMSE, 1, false, TuningJob.Status.COMPLETED, 0, false),
            new Row("testing-run", "", "gold", "reg:squarederror", EvalMetric.RMSE, 5, true, TuningJob.Status.COMPLETED, 0, false),
            new Row("failed", "", "gold", "reg:squarederror", EvalMetric.RMSE, 5, false, TuningJob.Status.FAILED, 0, false),
            new Row("running", "", "gold", "reg:squarederror", EvalMetric.RMSE, 5, false, TuningJob.Status.RUNNING, 0, false));

    @Inject
    ParentSelector selector;

    String model;

    @BeforeEach
    void insertTable() {
        model = "ps-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Row r : TABLE) {
                TuningJob j = new TuningJob();
                j.name = model + "-" + r.label();
                j.runId = j.name;
                j.model = model + r.modelSuffix();
                j.layer = r.layer();
                j.objective = r.objective();
                j.evalMetric = r.evalMetric();
                j.trainingJobCount = r.trials();
                j.maxJobs = r.trials();
                j.strategy = TuningStrategy.BAYESIAN;
                j.warmStartType = WarmStartType.NONE;
                                j.datasetHash = "a".repeat(64);
                j.testing = r.testing();
                j.status = r.status();
                j.createdAt = now.minus(Duration.ofMinutes(r.minutesAgo()));
                j.evalMetricValue = 1.0;
                j.persist();
            }
        });
    }

    @Test
    void onlyCompletedNonTestingMultiTrialJobsOfTheSameModelLayerObjectiveAndMetricAreParentsNewestFirst() {
        List<String> expected = TABLE.stream().filter(Row::eligible).map(r -> model + "-" + r.label()).toList();
        assertThat(names(selector.eligibleParents(model, "gold", "reg:squarederror", EvalMetric.RMSE, 5)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void maxParentsLimitsToTheMostRecent() {
        assertThat(names(selector.eligibleParents(model, "gold", "reg:squarederror", EvalMetric.RMSE, 1)))
                .containsExactly(model + "-newest");
        assertThat(names(selector.eligibleParents(model, "gold", "reg:squarederror", EvalMetric.RMSE, 2)))
                .containsExactly(model + "-newest", model + "-older-two-trials");
    }

    @Test
    void zeroMaxParentsMeansAColdStart() {
        assertThat(selector.eligibleParents(model, "gold", "reg:squarederror", EvalMetric.RMSE, 0)).isEmpty();
    }

    @Test
    void aRankingParentMustHaveTheSameCutOff() {
        String ranker = model + "-rank";
        Instant now = Instant.now();
        String[][] jobs = {{"ndcg5", "validation:ndcg@5"}, {"ndcg10", "ndcg@10"}, {"ndcg5-older", "ndcg@5"}};
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < jobs.length; i++) {
                TuningJob j = new TuningJob();
                j.name = ranker + "-" + jobs[i][0];
                j.runId = j.name;
                j.model = ranker;
                j.layer = "gold";
                j.objective = "rank:ndcg";
                j.evalMetric = EvalMetric.NDCG;
                j.objectiveMetric = jobs[i][1];
                j.trainingJobCount = 5;
                j.maxJobs = 5;
                j.strategy = TuningStrategy.BAYESIAN;
                j.warmStartType = WarmStartType.NONE;
                j.datasetHash = "a".repeat(64);
                j.status = TuningJob.Status.COMPLETED;
                j.createdAt = now.minus(Duration.ofMinutes(i));
                j.evalMetricValue = 0.8;
                j.persist();
            }
        });
        assertThat(names(selector.eligibleParents(ranker, "gold", "rank:ndcg", EvalMetric.NDCG, "ndcg@5", 5)))
                .containsExactly(ranker + "-ndcg5", ranker + "-ndcg5-older");
        assertThat(names(selector.eligibleParents(ranker, "gold", "rank:ndcg", EvalMetric.NDCG,
                "validation:ndcg@10", 5))).containsExactly(ranker + "-ndcg10");
        assertThat(names(selector.eligibleParents(ranker, "gold", "rank:ndcg", EvalMetric.NDCG, "ndcg@5", 1)))
                .containsExactly(ranker + "-ndcg5");
        assertThat(selector.eligibleParents(ranker, "gold", "rank:ndcg", EvalMetric.NDCG, "ndcg", 5)).isEmpty();
    }

    private static List<String> names(List<TuningJob> jobs) {
        return jobs.stream().map(j -> j.name).toList();
    }
}
