package dev.treeline.deployer.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.ModelSchema;
import dev.treeline.events.DatasetSchema;

class ResponseFormatTest {

    static final float[] TWO_ROWS_THREE_CLASSES = {0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f};

    static String write(ResponseFormat format, float[] scores, int rows) {
        return format.write(scores, rows, new StringBuilder()).toString();
    }

    @Test
    void oneScorePerRowIsOneLineOrOneScoreObject() {
        assertThat(write(ResponseFormat.CSV, new float[] {1.5f, 2f}, 2)).isEqualTo("1.5\n2.0\n");
        assertThat(write(ResponseFormat.JSON, new float[] {1.5f, 2f}, 2))
                .isEqualTo("{\"predictions\":[{\"score\":1.5},{\"score\":2.0}]}");
        assertThat(write(ResponseFormat.JSON_LINES, new float[] {1.5f}, 1)).isEqualTo("{\"score\":1.5}\n");
    }

    @Test
    void classProbabilitiesAreOneCsvLinePerRowAsSageMakersXgboostContainerWrites() {
        assertThat(write(ResponseFormat.CSV, TWO_ROWS_THREE_CLASSES, 2)).isEqualTo("0.1,0.7,0.2\n0.5,0.25,0.25\n");
    }

    @Test
    void classProbabilitiesInJsonCarryThePredictedLabelAndItsProbability() {
        assertThat(write(ResponseFormat.JSON, TWO_ROWS_THREE_CLASSES, 2)).isEqualTo("{\"predictions\":["
                + "{\"score\":0.7,\"predicted_label\":1,\"probabilities\":[0.1,0.7,0.2]},"
                + "{\"score\":0.5,\"predicted_label\":0,\"probabilities\":[0.5,0.25,0.25]}]}");
        assertThat(write(ResponseFormat.JSON_LINES, TWO_ROWS_THREE_CLASSES, 2)).isEqualTo(
                "{\"score\":0.7,\"predicted_label\":1,\"probabilities\":[0.1,0.7,0.2]}\n"
                        + "{\"score\":0.5,\"predicted_label\":0,\"probabilities\":[0.5,0.25,0.25]}\n");
    }

    static ModelSchema withClasses(List<String> classes) {
        return ModelSchema.of(new DatasetSchema(1, List.of(DatasetSchema.Feature.numeric("x")),
                new DatasetSchema.Label("y", classes), null, null), 1, null);
    }

    @Test
    void classNamesFromTheSchemaNameThePredictedLabelAndTheProbabilitiesInJson() {
        ModelSchema schema = withClasses(List.of("billing", "bug", "caf\u00e9"));
        StringBuilder out = new StringBuilder();
        ResponseFormat.JSON.write(TWO_ROWS_THREE_CLASSES, 2, schema, out);
        assertThat(out.toString()).isEqualTo("{\"predictions\":["
                + "{\"score\":0.7,\"predicted_label\":\"bug\",\"probabilities\":[0.1,0.7,0.2],"
                + "\"labels\":[\"billing\",\"bug\",\"caf\\u00e9\"]},"
                + "{\"score\":0.5,\"predicted_label\":\"billing\",\"probabilities\":[0.5,0.25,0.25],"
                + "\"labels\":[\"billing\",\"bug\",\"caf\\u00e9\"]}]}");
        // CSV stays numbers only, as SageMaker's XGBoost container answers
        assertThat(ResponseFormat.CSV.write(TWO_ROWS_THREE_CLASSES, 2, schema, new StringBuilder()).toString())
                .isEqualTo("0.1,0.7,0.2\n0.5,0.25,0.25\n");
    }

    @Test
    void aBinaryScoreNamesClassOneAboveOneHalfAndSoftmaxCodesNameTheirClass() {
        ModelSchema binary = withClasses(List.of("stayed", "churned"));
        assertThat(ResponseFormat.JSON_LINES.write(new float[] {0.8f, 0.5f}, 2, binary, new StringBuilder())
                .toString()).isEqualTo("{\"score\":0.8,\"predicted_label\":\"churned\"}\n"
                        + "{\"score\":0.5,\"predicted_label\":\"stayed\"}\n");
        ModelSchema softmax = withClasses(List.of("a", "b", "c"));
        assertThat(ResponseFormat.JSON.write(new float[] {2f}, 1, softmax, new StringBuilder()).toString())
                .isEqualTo("{\"predictions\":[{\"score\":2.0,\"predicted_label\":\"c\"}]}");
    }

    /** binary:logitraw answers the margin (log-odds): class 1 starts above 0, where the probability is one half. */
    @Test
    void aLogitrawMarginNamesClassOneAboveZero() {
        ModelSchema margin = withClasses(List.of("stayed", "churned")).forObjective("binary:logitraw");
        assertThat(ResponseFormat.JSON_LINES.write(new float[] {0.3f, -0.2f, 0f}, 3, margin, new StringBuilder())
                .toString()).isEqualTo("{\"score\":0.3,\"predicted_label\":\"churned\"}\n"
                        + "{\"score\":-0.2,\"predicted_label\":\"stayed\"}\n"
                        + "{\"score\":0.0,\"predicted_label\":\"stayed\"}\n");
        assertThat(withClasses(List.of("a", "b")).forObjective("binary:logistic").binaryCutoff()).isEqualTo(0.5f);
    }
}
