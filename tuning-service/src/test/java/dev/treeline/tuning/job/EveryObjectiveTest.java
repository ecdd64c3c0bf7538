package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.events.definition.Objectives;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.ContinuousParameter;
import dev.treeline.tuning.search.Direction;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.RandomSearch;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.training.CorruptDatasetException;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.LabelCheck;
import dev.treeline.tuning.training.SyntheticData;
import dev.treeline.tuning.training.TestMetrics;
import dev.treeline.tuning.training.TrialOutcome;
import dev.treeline.tuning.training.TrialTrainer;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Every non-ranking objective of the {@link Objectives} table, with each metric it allows, trains, early-stops, ships
 * its best iteration and is evaluated on a test split in process, the way a job does (trial, final training, test
 * metrics), on small synthetic data of its family.
 */
class EveryObjectiveTest {

    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    record Case(String objective, String metric) {
        @Override
        public String toString() {
            return objective + " / validation:" + metric;
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Objectives.Objective o : Objectives.all()) {
            if (o.family() != Objectives.Family.RANKING) {
                o.metrics().forEach(m -> out.add(new Case(o.name(), m)));
            }
        }
        return out;
    }

    private CsvMatrix split(String objective, String name, int rows, long seed) throws IOException {
        Objectives.Family family = Objectives.find(objective).orElseThrow().family();
        String csv = switch (family) {
            case BINARY -> SyntheticData.binaryCsv(rows, seed);
            case MULTICLASS -> SyntheticData.multiclassCsv(rows, seed, CLASSES);
            case COUNT -> SyntheticData.countCsv(rows, seed);
            case POSITIVE -> SyntheticData.positiveCsv(rows, seed);
            default -> "reg:logistic".equals(objective) ? SyntheticData.probabilityCsv(rows, seed)
                    : SyntheticData.positiveCsv(rows, seed);
        };
        return SyntheticData.matrix(dir, name + ".csv", csv, 2);
    }

    private static Configuration config(double eta) {
        Map<String, Object> v = new HashMap<>();
        v.put("eta", eta);
        v.put("max_depth", 3);
        v.put("num_round", 30);
        return Configuration.of(v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyObjectiveTrainsScoresAndEvaluatesWithItsMetric(Case c) throws Exception {
        CsvMatrix train = split(c.objective(), "train", 300, 1);
        CsvMatrix validation = split(c.objective(), "validation", 120, 2);
        CsvMatrix test = split(c.objective(), "test", 120, 3);
        for (CsvMatrix m : List.of(train, validation, test)) {
            LabelCheck.check(c.objective(), "split", m);
        }
        EvalMetric metric = EvalMetric.forObjective(c.objective(), c.metric());
        int k = LabelCheck.numClasses(train, validation, test);
        try (TrialTrainer trainer = new TrialTrainer(train, validation, c.objective(), metric, k, 1, 5, 7, 1)) {
            Configuration config = config(0.3);
            TrialOutcome outcome = trainer.train(config);
            assertThat(outcome.validationScore()).isFinite();
            Booster model = trainer.trainFinal(config, outcome.bestIteration() + 1);
            float[][] predictions;
            try {
                predictions = TuningJobRunner.predictRows(model, test);
            } finally {
                model.dispose();
            }
            Map<String, Double> metrics = TestMetrics.compute(c.objective(), trainer.params(config), test.labels(),
                    predictions);
            assertThat(metrics).isNotEmpty();
            metrics.forEach((key, value) -> assertThat(value).as(key).isFinite());
            assertThat(metrics).containsKey(familyKey(c.objective()));
            if ("multi:softprob".equals(c.objective())) {
                assertThat(predictions[0]).hasSize(CLASSES);
                for (float[] row : predictions) {
                    double sum = 0;
                    for (float p : row) {
                        sum += p;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-4));
                }
            }
        }
    }

    /** A key every evaluation of the objective's family has. */
    private static String familyKey(String objective) {
        return switch (Objectives.find(objective).orElseThrow().family()) {
            case BINARY, MULTICLASS -> "accuracy";
            case COUNT -> "poisson_deviance";
            case POSITIVE -> "reg:gamma".equals(objective) ? "gamma_deviance" : "tweedie_deviance";
            default -> "rmse";
        };
    }

    @Test
    void aValidationAucJobPicksTheHighestAucTrialAndReportsItAsIs() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.binaryCsv(300, 5), 2);
        CsvMatrix validation = SyntheticData.matrix(dir, "v.csv", SyntheticData.binaryCsv(150, 6), 2);
        EvalMetric auc = EvalMetric.forObjective("binary:logistic", "auc");
        Direction direction = auc.direction();
        SearchSpace space = SearchSpace.of(ContinuousParameter.linear("eta", 0.01, 1.0));
        Map<Configuration, Double> scores = new java.util.concurrent.ConcurrentHashMap<>();
        try (TrialTrainer trainer = new TrialTrainer(train, validation, "binary:logistic", auc, 1, 5, 7, 1)) {
            SearchResult result = JobSearch.run(space, new RandomSearch(space), c -> {
                Map<String, Object> v = new HashMap<>(c.values());
                v.put("max_depth", 2);
                v.put("num_round", 20);
                double score = trainer.train(Configuration.of(v)).validationScore();
                scores.put(c, score);
                return direction.toObjective(score);
            }, WarmStartPlan.of("hash", List.of(), space, OutOfRangePolicy.CLIP, 0), 6, 1, 3, r -> { });
            double highest = scores.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(highest).isBetween(0.5, 1.0);
            assertThat(direction.toMetric(result.best().orElseThrow().objective())).isEqualTo(highest);
        }
    }

    @Test
    void theBestIterationOfAMaximisedMetricIsItsHighestRound() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.binaryCsv(300, 5), 2);
        CsvMatrix validation = SyntheticData.matrix(dir, "v.csv", SyntheticData.binaryCsv(150, 6), 2);
        EvalMetric auc = EvalMetric.forObjective("binary:logistic", "auc");
        try (TrialTrainer trainer = new TrialTrainer(train, validation, "binary:logistic", auc, 1, 0, 7, 1)) {
            Configuration config = Configuration.of(Map.of("eta", 0.8, "max_depth", 6, "num_round", 40));
            TrialOutcome outcome = trainer.train(config);
            for (int rounds : new int[] {1, 5, 20, 40}) {
                Booster model = trainer.trainFinal(config, rounds);
                try {
                    double score = TestMetrics.binary(validation.labels(),
                            TuningJobRunner.predict(model, validation)).get("auc");
                    assertThat(outcome.validationScore()).as("rounds %d", rounds)
                            .isGreaterThanOrEqualTo(score - 1e-6);
                } finally {
                    model.dispose();
                }
            }
        }
    }

    @Test
    void labelsThatDoNotFitTheObjectiveFailNamingTheSplitAndLine() throws Exception {
        CsvMatrix fractional = SyntheticData.matrix(dir, "m.csv", "0,1,2\n1.5,1,2\n", 2);
        assertThatThrownBy(() -> LabelCheck.check("multi:softprob", "validation", fractional))
                .isInstanceOf(CorruptDatasetException.class)
                .hasMessageStartingWith("dataset split 'validation', line 2: label 1.5");
        CsvMatrix negative = SyntheticData.matrix(dir, "c.csv", "-1,1,2\n", 2);
        assertThatThrownBy(() -> LabelCheck.check("count:poisson", "train", negative))
                .hasMessageContaining("'train', line 1: label -1.0 is negative");
        CsvMatrix zero = SyntheticData.matrix(dir, "g.csv", "1,1,2\n0,1,2\n", 2);
        assertThatThrownBy(() -> LabelCheck.check("reg:gamma", "test", zero))
                .hasMessageContaining("'test', line 2: label 0.0 is not positive");
    }

    @Test
    void theNumberOfClassesComesFromAllSplitsAndIsAtLeastTwo() throws Exception {
        CsvMatrix zeros = SyntheticData.matrix(dir, "a.csv", "0,1,2\n", 2);
        CsvMatrix four = SyntheticData.matrix(dir, "b.csv", "4,1,2\n", 2);
        assertThat(LabelCheck.numClasses(zeros, zeros)).isEqualTo(2);
        assertThat(LabelCheck.numClasses(zeros, zeros, four)).isEqualTo(5);
    }
}
