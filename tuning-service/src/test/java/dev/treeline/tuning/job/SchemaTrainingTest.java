package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.events.DatasetSchema;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.training.CategoricalData;
import dev.treeline.tuning.training.CorruptDatasetException;
import dev.treeline.tuning.training.CsvMatrix;
import dev.treeline.tuning.training.EvalMetric;
import dev.treeline.tuning.training.LabelCheck;
import dev.treeline.tuning.training.RankingMetrics;
import dev.treeline.tuning.training.SyntheticData;
import dev.treeline.tuning.training.TestMetrics;
import dev.treeline.tuning.training.TrialOutcome;
import dev.treeline.tuning.training.TrialTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * What a dataset's schema changes in training, in process (no servers): categorical features, text labels, weights
 * and ranking groups, and the schema the shipped model carries.
 */
class SchemaTrainingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CsvMatrix read(String name, String csv, DatasetSchema schema) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return CsvMatrix.read(file, schema);
    }

    private static Configuration config(Object... extra) {
        Map<String, Object> v = new HashMap<>();
        v.put("eta", 0.3);
        v.put("max_depth", 3);
        v.put("num_round", 40);
        for (int i = 0; i < extra.length; i += 2) {
            v.put((String) extra[i], extra[i + 1]);
        }
        return Configuration.of(v);
    }

    private TrialTrainer trainer(CsvMatrix train, CsvMatrix validation, DatasetSchema schema, String objective,
                                 String metric, int numClass) {
        return new TrialTrainer(train, validation, schema, objective, EvalMetric.forObjective(objective, metric),
                metric, numClass, 1, 0, 7, 1);
    }

    @Test
    void categoricalFeaturesSplitBySetsOfCategoriesAndTheShippedModelCarriesTheSchema() throws Exception {
        DatasetSchema schema = CategoricalData.categoricalSchema();
        CsvMatrix train = read("train.csv", CategoricalData.csv(600, 1), schema);
        CsvMatrix test = read("test.csv", CategoricalData.csv(200, 3), schema);
        try (TrialTrainer trainer = trainer(train, test, schema, "reg:squarederror", "rmse", 0)) {
            assertThat(trainer.params(config())).containsEntry("tree_method", "hist");
            Booster model = trainer.trainFinal(config(), 40);
            float[][] before = TuningJobRunner.predictRows(model, test);
            byte[] ubj = ShippedModel.bytes(model, schema, TrainedCodes.json(train, schema));
            model.dispose();

            Booster reloaded = XGBoost.loadModel(ubj);
            try {
                assertThat(reloaded.getAttr(DatasetSchema.TRAINED_CODES_ATTRIBUTE)).as("the codes it trained on")
                        .isEqualTo(TrainedCodes.json(train, schema)).startsWith("{\"c0\":[0,");
                // the attribute holds the schema's JSON, dictionaries included
                String attribute = reloaded.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE);
                assertThat(attribute).isEqualTo(new String(schema.toJson(), StandardCharsets.UTF_8));
                assertThat(DatasetSchema.fromJson(attribute)).isEqualTo(schema);
                assertThat(reloaded.getFeatureNames()).containsExactly("x0", "x1", "c0", "c1", "c2");
                assertThat(reloaded.getFeatureTypes()).containsExactly("q", "q", "c", "c", "c");
                // and predicts exactly as before saving (a plain matrix: the trees know their categorical splits)
                float[][] after = TuningJobRunner.predictRows(reloaded, test);
                assertThat(after).isDeepEqualTo(before);

                JsonNode learner = JSON.readTree(reloaded.toByteArray("json")).path("learner");
                assertThat(learner.path("attributes").path(DatasetSchema.BOOSTER_ATTRIBUTE).asText())
                        .isEqualTo(attribute);
                assertThat(learner.path("feature_names").toString()).isEqualTo("[\"x0\",\"x1\",\"c0\",\"c1\",\"c2\"]");
                assertThat(learner.path("feature_types").toString()).isEqualTo("[\"q\",\"q\",\"c\",\"c\",\"c\"]");
                int categoricalSplits = 0;
                for (JsonNode tree : learner.path("gradient_booster").path("model").path("trees")) {
                    for (JsonNode type : tree.path("split_type")) {
                        categoricalSplits += type.asInt() == 1 ? 1 : 0;
                    }
                    assertThat(tree.path("categories_nodes").size()).isEqualTo(count(tree.path("split_type"), 1));
                }
                assertThat(categoricalSplits).isGreaterThan(20);
            } finally {
                reloaded.dispose();
            }
        }
    }

    private static int count(JsonNode array, int value) {
        int n = 0;
        for (JsonNode v : array) {
            n += v.asInt() == value ? 1 : 0;
        }
        return n;
    }

    @Test
    void nativeCategoriesBeatTheSameCodesReadAsOrdinalNumbers() throws Exception {
        String trainCsv = CategoricalData.csv(600, 1);
        String validationCsv = CategoricalData.csv(200, 2);
        String testCsv = CategoricalData.csv(200, 3);
        double[] rmse = new double[2];
        DatasetSchema[] schemas = {CategoricalData.categoricalSchema(), CategoricalData.ordinalSchema()};
        for (int i = 0; i < 2; i++) {
            CsvMatrix train = read("train" + i, trainCsv, schemas[i]);
            CsvMatrix validation = read("validation" + i, validationCsv, schemas[i]);
            CsvMatrix test = read("test" + i, testCsv, schemas[i]);
            try (TrialTrainer trainer = trainer(train, validation, schemas[i], "reg:squarederror", "rmse", 0)) {
                Booster model = trainer.trainFinal(config(), 40);
                rmse[i] = TestMetrics.regression(test.labels(), TuningJobRunner.predict(model, test)).get("rmse");
                model.dispose();
            }
        }
        // categories' effects jump with every code: thresholds on codes need far more splits than depth 3 x 40 give
        assertThat(rmse[0]).as("categorical %s vs ordinal %s", rmse[0], rmse[1]).isLessThan(0.6 * rmse[1]);
    }

    @Test
    void exactCannotTrainCategoriesAndIsRefusedBeforeAnyTrialWhileApproxIsKept() throws Exception {
        DatasetSchema schema = CategoricalData.categoricalSchema();
        TuningSection exact = new TuningSection(null, 2, null, null, null, null, null, null, null,
                Map.of("tree_method", "exact"));
        assertThatThrownBy(() -> TuningJobRunner.checkTask("reg:squarederror", schema, exact))
                .isInstanceOf(JobFailure.class)
                .hasMessage("tree_method 'exact' cannot train categorical features (c0, c1, c2): XGBoost splits"
                        + " categories only with hist or approx; set tuning.static-parameters.tree_method to hist or"
                        + " approx, or leave it out (hist)");
        // numeric features may use exact as before
        TuningJobRunner.checkTask("reg:squarederror", CategoricalData.ordinalSchema(), exact);

        CsvMatrix train = read("train.csv", CategoricalData.csv(200, 1), schema);
        try (TrialTrainer trainer = trainer(train, train, schema, "reg:squarederror", "rmse", 0)) {
            assertThat(trainer.params(config("tree_method", "approx"))).containsEntry("tree_method", "approx");
            assertThat(trainer.train(config("tree_method", "approx", "num_round", 5)).validationScore()).isFinite();
        }
    }

    @Test
    void maxCatToOnehotAndMaxCatThresholdAreStaticOrSearchedLikeAnyParameter() throws Exception {
        TuningSection section = new TuningSection(null, 2, null, null, null, null, null, null,
                Map.of("max_cat_to_onehot", new TuningSection.RangeSpec(1, 16, null, true)),
                Map.of("max_cat_threshold", "8"));
        SearchSpace space = SearchSpaces.forSection(section);
        assertThat(space.parameter("max_cat_to_onehot")).isPresent();
        assertThat(space.parameter("max_cat_threshold")).isPresent();
        DatasetSchema schema = CategoricalData.categoricalSchema();
        CsvMatrix train = read("train.csv", CategoricalData.csv(300, 1), schema);
        try (TrialTrainer trainer = trainer(train, train, schema, "reg:squarederror", "rmse", 0)) {
            // one-hot for every column (max_cat_to_onehot above their 12 categories) vs partitions: both train,
            // to different models
            TrialOutcome onehot = trainer.train(config("max_cat_to_onehot", 16, "max_cat_threshold", 8));
            TrialOutcome partition = trainer.train(config("max_cat_to_onehot", 1, "max_cat_threshold", 8));
            assertThat(onehot.validationScore()).isNotEqualTo(partition.validationScore());
        }
    }

    @Test
    void aTextLabelTrainsEveryClassOfItsDictionaryEvenOnesNoSplitHas() throws Exception {
        // five classes named in the schema; the splits only have codes 0..2
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, List.of(DatasetSchema.Feature.numeric("x0"),
                DatasetSchema.Feature.numeric("x1")), new DatasetSchema.Label("reason",
                List.of("price", "service", "moved", "competitor", "other")), null, null);
        CsvMatrix train = read("train.csv", SyntheticData.multiclassCsv(300, 1, 3), schema);
        CsvMatrix validation = read("validation.csv", SyntheticData.multiclassCsv(100, 2, 3), schema);
        assertThat(LabelCheck.numClasses(train, validation)).isEqualTo(3);
        int k = LabelCheck.numClasses(schema, train, validation);
        assertThat(k).isEqualTo(5);
        try (TrialTrainer trainer = trainer(train, validation, schema, "multi:softprob", "mlogloss", k)) {
            assertThat(trainer.params(config())).containsEntry("num_class", 5);
            Booster model = trainer.trainFinal(config(), 10);
            float[][] p = TuningJobRunner.predictRows(model, validation);
            model.dispose();
            assertThat(p[0]).hasSize(5);
            assertThat(p[0][3] + p[0][4]).isLessThan(0.05f); // never seen: little probability
        }
        // a code outside the dictionary, and a text label under a regression objective, are refused
        CsvMatrix bad = read("bad.csv", "5,0.1,0.2\n", schema);
        assertThatThrownBy(() -> LabelCheck.check("multi:softprob", "test", bad, schema))
                .isInstanceOf(CorruptDatasetException.class)
                .hasMessage("dataset split 'test', line 1: label code 5.0 is not a class of 'reason' (codes 0..4 in"
                        + " schema.json)");
        assertThatThrownBy(() -> LabelCheck.check("reg:squarederror", "train", train, schema))
                .isInstanceOf(CorruptDatasetException.class).hasMessageContaining("only a classification objective");
    }

    @Test
    void weightsTrainTheModelOnTheRowsThatWeighAndWeighTheTestMetrics() throws Exception {
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, List.of(DatasetSchema.Feature.numeric("x0")),
                new DatasetSchema.Label("y", List.of()), "w", null);
        // rows of weight 1 follow y = 3 x0; rows of weight 0 contradict them (y = 10 - 3 x0)
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            double x = r.nextDouble();
            boolean counts = i % 2 == 0;
            sb.append(String.format(Locale.ROOT, "%.6f,%d,%.6f%n", counts ? 3 * x : 10 - 3 * x, counts ? 1 : 0, x));
        }
        CsvMatrix train = read("train.csv", sb.toString(), schema);
        assertThat(train.weights()).hasSize(600).contains(0f, 1f);
        try (TrialTrainer trainer = trainer(train, train, schema, "reg:squarederror", "rmse", 0)) {
            Booster model = trainer.trainFinal(config(), 40);
            float[][] p = TuningJobRunner.predictRows(model, train);
            model.dispose();
            Map<String, Double> weighted = TestMetrics.compute("reg:squarederror", Map.of(), train.labels(),
                    train.weights(), null, p);
            Map<String, Double> unweighted = TestMetrics.compute("reg:squarederror", Map.of(), train.labels(), p);
            // the model follows the weighted rows: small weighted error, large error on the rows weighing 0
            assertThat(weighted.get("rmse")).isLessThan(0.15);
            assertThat(unweighted.get("rmse")).isGreaterThan(3.0);
        }
    }

    @Test
    void rankingTrainsOnSortedGroupsAndItsTestMetricsAreXgboostsOwnDefinitions() throws Exception {
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, List.of(DatasetSchema.Feature.numeric("x0"),
                DatasetSchema.Feature.numeric("x1")), new DatasetSchema.Label("relevance", List.of()), null, "query");
        for (String[] c : new String[][] {{"rank:ndcg", "ndcg@5"}, {"rank:pairwise", "ndcg"}, {"rank:map", "map@5"},
                {"rank:pairwise", "map"}}) {
            // graded relevance 0..3 for NDCG; MAP (objective and metric) takes relevant or not
            int grades = c[1].startsWith("map") ? 1 : 3;
            CsvMatrix train = read("train.csv", SyntheticData.rankingCsv(40, 1, grades), schema)
                    .sortedByGroup();
            CsvMatrix validation = read("validation.csv", SyntheticData.rankingCsv(15, 2, grades), schema)
                    .sortedByGroup();
            assertThat(train.groupSizes()).hasSize(40).containsOnly(8);
            try (TrialTrainer trainer = trainer(train, validation, schema, c[0], c[1], 0)) {
                assertThat(trainer.params(config())).containsEntry("eval_metric", c[1]);
                Configuration config = config("num_round", 8);
                TrialOutcome outcome = trainer.train(config);
                Booster model = trainer.trainFinal(config, outcome.bestIteration() + 1);
                float[][] rows = TuningJobRunner.predictRows(model, validation);
                model.dispose();
                float[] p = new float[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    p[i] = rows[i][0];
                }
                int k = c[1].contains("@") ? Integer.parseInt(c[1].substring(c[1].indexOf('@') + 1))
                        : Integer.MAX_VALUE;
                double ours = c[1].startsWith("ndcg")
                        ? RankingMetrics.ndcg(validation.labels(), p, validation.groupSizes(), null, k)
                        : RankingMetrics.map(validation.labels(), p, validation.groupSizes(), null, k);
                // XGBoost's validation score of the same model is our definition's value
                assertThat(ours).as("%s %s", c[0], c[1]).isCloseTo(outcome.validationScore(), within(1e-5));
                // the test metrics: 5, 10, the whole list and the objective metric's cut-off, over the groups
                Map<String, Double> metrics = TestMetrics.compute(c[0], trainer.params(config), validation.labels(),
                        null, validation.groupSizes(), rows);
                assertThat(metrics).containsKeys("ndcg", "ndcg@5", "ndcg@10", "map", "map@5", "map@10")
                        .containsEntry("groups", 15.0);
                assertThat(metrics.get(c[1])).isCloseTo(ours, within(1e-12));
            }
        }
    }

    @Test
    void rankingNeedsAGroupColumnAndAGroupColumnNeedsRanking() {
        DatasetSchema plain = DatasetSchema.numeric("y", List.of("x0"));
        DatasetSchema grouped = new DatasetSchema(DatasetSchema.VERSION, plain.features(), plain.label(), null, "q");
        TuningSection section = TestSections.section(2, 10, false);
        assertThatThrownBy(() -> TuningJobRunner.checkTask("rank:ndcg", plain, section))
                .isInstanceOf(JobFailure.class).hasMessageContaining("set data.group-column");
        assertThatThrownBy(() -> TuningJobRunner.checkTask("reg:squarederror", grouped, section))
                .isInstanceOf(JobFailure.class).hasMessageContaining("only a rank:* objective uses");
        TuningJobRunner.checkTask("rank:ndcg", grouped, section);
    }
}
