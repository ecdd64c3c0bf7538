package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Categorical models as tuning saves them (feature types c/q, hist, the dataset schema as a Booster attribute):
 * the schema is read at load, and the Java evaluator serves them bit for bit as XGBoost does, on fresh rows with
 * missing values, unseen codes and the odd inputs XGBoost's categorical decision treats specially.
 */
class CategoricalModelTest {

    private static final ModelKey KEY = new ModelKey("tickets", 1);
    private static CategoricalModels.Trained softprob;

    @BeforeAll
    static void train() throws XGBoostError {
        softprob = CategoricalModels.multiClass("multi:softprob", 12);
    }

    @AfterAll
    static void dispose() {
        softprob.booster().dispose();
    }

    /** Fresh rows: 10% missing, and in every categorical column some unseen codes and special values. */
    static float[] freshRows(int n) {
        float[] rows = CategoricalModels.rows(4242, n, 0.1);
        float[] odd = {45f, 3f, -1f, 2.5f, 1e6f, 16777216f, -0.0f, 7.99f};
        for (int r = 0; r < n; r += 3) {
            int k = (r / 3) % CategoricalModels.CATEGORICAL.length;
            rows[r * CategoricalModels.FEATURES + CategoricalModels.CATEGORICAL[k]] = odd[(r / 3) % odd.length];
        }
        return rows;
    }

    static void assertBitExact(LoadedModel model, Booster booster, float[] rows, int n) throws XGBoostError {
        assertThat(model.acquire()).isTrue();
        float[] actual;
        try {
            actual = model.predict(rows, n);
        } finally {
            model.release();
        }
        // the reference: XGBoost's own prediction through a DMatrix that says which features are categorical
        DMatrix matrix = new DMatrix(rows, n, CategoricalModels.FEATURES, Float.NaN);
        float[][] expected;
        try {
            matrix.setFeatureTypes(booster.getFeatureTypes());
            expected = booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
        int outputs = expected[0].length;
        assertThat(actual).hasSize(n * outputs);
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < outputs; k++) {
                assertThat(Float.floatToIntBits(actual[r * outputs + k])).as("row %d output %d: XGBoost %s, Java %s",
                        r, k, expected[r][k], actual[r * outputs + k]).isEqualTo(Float.floatToIntBits(expected[r][k]));
            }
        }
    }

    @Test
    void aCategoricalFiveClassModelIsServedByTheJavaEvaluatorBitForBit() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, softprob.ubj());
        try {
            assertThat(model.engine()).as(model.engineDetail()).isEqualTo(Engine.JAVA);
            assertThat(model.engineDetail()).contains("multi:softprob").contains("bit-exact");
            assertBitExact(model, softprob.booster(), freshRows(3000), 3000);
        } finally {
            model.retire();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multi:softmax", "binary:logistic"})
    void otherCategoricalObjectivesAreBitExactToo(String objective) throws Exception {
        CategoricalModels.Trained trained = objective.startsWith("binary") ? CategoricalModels.binary(20)
                : CategoricalModels.multiClass(objective, 8);
        try {
            LoadedModel model = LoadedModel.load(KEY, trained.ubj());
            try {
                assertThat(model.engine()).as(model.engineDetail()).isEqualTo(Engine.JAVA);
                assertBitExact(model, trained.booster(), freshRows(2000), 2000);
            } finally {
                model.retire();
            }
        } finally {
            trained.booster().dispose();
        }
    }

    @Test
    void theBoosterEngineServesCategoricalModelsFromPlainRowsAsWell() throws Exception {
        BoosterModel model = LoadedModel.loadNative(KEY, softprob.ubj());
        try {
            assertThat(model.engine()).isEqualTo(Engine.XGBOOST);
            // inplace_predict on plain float rows: the trees know their categorical splits, no feature types needed
            assertBitExact(model, softprob.booster(), freshRows(500), 500);
        } finally {
            model.retire();
        }
    }

    @Test
    void theSchemaIsReadAtLoadNamesPositionsCodesAndClasses() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, softprob.ubj());
        try {
            ModelSchema schema = model.schema();
            assertThat(schema.classes()).containsExactly("billing", "bug", "feature", "outage", "other");
            assertThat(schema.position("f13")).isEqualTo(13);
            assertThat(schema.position("nope")).isEqualTo(-1);
            assertThat(schema.dictionary(0)).isNull();
            CategoryDictionary f13 = schema.dictionary(13);
            assertThat(f13.size()).isEqualTo(40);
            assertThat(f13.code("v13_39")).isEqualTo(39);
            byte[] bytes = "x,v13_7,y".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(f13.code(bytes, 2, 7)).isEqualTo(7);
            assertThat(f13.code("V13_7")).isEqualTo(CategoryDictionary.UNSEEN);
        } finally {
            model.retire();
        }
    }

    /**
     * A value data-prep coded but the model never trained on (only earlier runs, or only this run's test rows, had it)
     * is unseen for this model: missing, and counted, like a value the dictionary lacks.
     */
    @Test
    void aCodedValueTheModelNeverTrainedOnIsUnseen() throws Exception {
        Booster booster = XGBoost.loadModel(softprob.ubj());
        StringBuilder trained = new StringBuilder("{\"f13\":[");
        for (int code = 0; code < 40; code++) {
            if (code != 7) {
                trained.append(code == 0 ? "" : ",").append(code);
            }
        }
        booster.setAttr(DatasetSchema.TRAINED_CODES_ATTRIBUTE, trained.append("]}").toString());
        byte[] ubj = booster.toByteArray("ubj");
        booster.dispose();
        LoadedModel model = LoadedModel.load(KEY, ubj);
        try {
            CategoryDictionary f13 = model.schema().dictionary(13);
            assertThat(f13.code("v13_7")).isEqualTo(CategoryDictionary.UNSEEN);
            byte[] bytes = "v13_7".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(f13.code(bytes, 0, bytes.length)).isEqualTo(CategoryDictionary.UNSEEN);
            assertThat(f13.code("v13_8")).isEqualTo(8);
            assertThat(f13.size()).isEqualTo(39);
            assertThat(model.schema().dictionary(8).code("v8_3")).as("features without an entry keep every code")
                    .isEqualTo(softprob.schema().features().get(8).categories().indexOf("v8_3"));
        } finally {
            model.retire();
        }
    }

    /** The cut-off that names a binary text class follows the objective read from the model at load. */
    @ParameterizedTest
    @CsvSource({"binary:logistic, 0.5", "binary:logitraw, 0.0"})
    void aBinaryTextLabelModelNamesClassOneAboveItsObjectivesCutoff(String objective, float cutoff) throws Exception {
        CategoricalModels.Trained trained = CategoricalModels.binary(5, objective);
        for (LoadedModel model : List.of(LoadedModel.loadNative(KEY, trained.ubj()), LoadedModel.load(KEY,
                trained.ubj()))) {
            try {
                assertThat(model.schema().binaryCutoff()).as(model.engineDetail()).isEqualTo(cutoff);
            } finally {
                model.retire();
            }
        }
    }

    @Test
    void aModelWithoutTheAttributeIsNumericWithTheBoostersFeatureNames() throws Exception {
        float[] x = CategoricalModels.rows(1, 100, 0);
        DMatrix train = new DMatrix(x, 100, CategoricalModels.FEATURES, Float.NaN);
        Booster booster;
        try {
            train.setLabel(java.util.Arrays.copyOf(x, 100));
            train.setFeatureNames(CategoricalModels.schema(java.util.List.of()).featureNames().toArray(String[]::new));
            booster = XGBoost.train(train, Map.of("objective", "reg:squarederror", "max_depth", 2, "nthread", 1), 3,
                    Map.of(), null, null);
        } finally {
            train.dispose();
        }
        try {
            LoadedModel model = LoadedModel.load(KEY, booster.toByteArray("ubj"));
            assertThat(model.schema().hasCategoricalFeatures()).isFalse();
            assertThat(model.schema().classes()).isEmpty();
            assertThat(model.schema().position("f19")).isEqualTo(19);
            model.retire();
        } finally {
            booster.dispose();
        }
    }

    @Test
    void aSchemaThatDoesNotFitTheModelRefusesTheLoad() throws Exception {
        Booster booster = XGBoost.loadModel(softprob.ubj());
        try {
            DatasetSchema wrong = DatasetSchema.numeric("y", java.util.List.of("a", "b"));
            booster.setAttr(DatasetSchema.BOOSTER_ATTRIBUTE, new String(wrong.toJson(),
                    java.nio.charset.StandardCharsets.UTF_8));
            byte[] bytes = booster.toByteArray("ubj");
            assertThatThrownBy(() -> LoadedModel.load(KEY, bytes)).isInstanceOf(XGBoostError.class)
                    .hasMessageContaining("treeline_schema attribute is unusable: it lists 2 features but the model"
                            + " has 20");
        } finally {
            booster.dispose();
        }
    }

    @Test
    void categoricalDecisionsFollowXgboostsRules() {
        // one node whose categories {2, 33} go right: two words of bits
        int[] bits = {2, 1 << 2, 1 << 1};
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 2f)).isFalse();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 33f)).isFalse();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 2.7f)).as("truncated to 2").isFalse();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 3f)).isTrue();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 64f)).as("beyond the set's words").isTrue();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, -1f)).as("negative").isTrue();
        assertThat(CompiledForest.categoryGoesLeft(bits, 0, 16777216f)).as("OutOfRangeCat").isTrue();
        assertThat(CompiledForest.categoryGoesLeft(new int[] {1, 1}, 0, -0.0f)).as("-0 is category 0").isFalse();
    }

    /**
     * The verification rows reach every category a split lists and missing values: dropping one listed category
     * from one split, or flipping one categorical split's default direction, is caught at load.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"one category less", "default direction flipped"})
    void verificationCatchesAnEvaluatorThatGetsOneCategoricalSplitWrong(String tampering) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode model = json.readTree(softprob.booster().toByteArray("json"));
        com.fasterxml.jackson.databind.node.ObjectNode tree = null;
        for (com.fasterxml.jackson.databind.JsonNode t : model.path("learner").path("gradient_booster").path("model")
                .path("trees")) {
            // a tree whose first categorical split lists at least two categories
            if (t.path("categories_sizes").size() > 0 && t.path("categories_sizes").get(0).asInt() > 1) {
                tree = (com.fasterxml.jackson.databind.node.ObjectNode) t;
                break;
            }
        }
        assertThat(tree).isNotNull();
        if (tampering.startsWith("one")) {
            com.fasterxml.jackson.databind.node.ArrayNode sizes = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                    .get("categories_sizes");
            sizes.set(0, sizes.get(0).asInt() - 1); // its last listed category now goes left
        } else {
            int node = tree.get("categories_nodes").get(0).asInt();
            com.fasterxml.jackson.databind.node.ArrayNode defaults = (com.fasterxml.jackson.databind.node.ArrayNode) tree
                    .get("default_left");
            defaults.set(node, defaults.get(node).asInt() == 0 ? 1 : 0);
        }
        XgboostJsonForest.Parsed parsed = XgboostJsonForest.read(json.writeValueAsBytes(model),
                CategoricalModels.FEATURES);
        ForestVerifier.Result result = ForestVerifier.verify(softprob.booster(), parsed.candidates());
        assertThat(result.forest()).isEmpty();
        assertThat(result.detail()).startsWith("differs from XGBoost on row");
    }
}
