package dev.treeline.deployer.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.ModelSchema;
import dev.treeline.events.DatasetSchema;

/**
 * Requests carry the raw values users have: CSV and JSON fields at categorical positions are looked up in the
 * model's dictionary (codes by position in the schema's categories), unseen values are missing and counted, JSON
 * instances may name their features.
 */
class CategoricalRequestsTest {

    /** carat (numeric), cut (Fair=0, Good=1, Ideal=2), color (E=0, "D, light"=1), depth (numeric). */
    static final ModelSchema DIAMONDS = ModelSchema.of(new DatasetSchema(1, List.of(
            DatasetSchema.Feature.numeric("carat"),
            DatasetSchema.Feature.categorical("cut", List.of("Fair", "Good", "Ideal")),
            DatasetSchema.Feature.categorical("color", List.of("E", "D, light", "say \"hi\"")),
            DatasetSchema.Feature.numeric("depth")),
            new DatasetSchema.Label("price", List.of()), null, null), 4, null);

    static float[] csv(String body) {
        return CsvRows.parse(body.getBytes(StandardCharsets.UTF_8)).flat("diamonds", DIAMONDS);
    }

    static FeatureRows json(String body) {
        return RequestParser.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvCategoricalFieldsAreLookedUpByTheirExactValueAndNumbersParseAsBefore() {
        assertThat(csv("0.3,Ideal,E,61.5\n1.5, Fair ,\"D, light\",\n,Good,\"say \"\"hi\"\"\",nan"))
                .containsExactly(0.3f, 2f, 0f, 61.5f, 1.5f, 0f, 1f, Float.NaN, Float.NaN, 1f, 2f, Float.NaN);
    }

    @Test
    void csvUnseenAndMissingCategoriesAreMissingAndOnlyUnseenOnesAreCounted() {
        CsvRows rows = CsvRows.parse("0.3,Premium,E,1\n0.4,,ideal,2\n0.5,Premium,NaN,3".getBytes(StandardCharsets.UTF_8));
        float[] flat = rows.flat("diamonds", DIAMONDS);
        assertThat(flat).containsExactly(0.3f, Float.NaN, 0f, 1f, 0.4f, Float.NaN, Float.NaN, 2f, 0.5f, Float.NaN,
                Float.NaN, 3f);
        // "Premium" twice (cut), "ideal" once (color: the match is exact); the empty field and NaN are missing
        assertThat(rows.unseen()).containsExactly(0, 2, 1, 0);
        assertThat(CsvRows.parse("0.3,Ideal,E,1".getBytes(StandardCharsets.UTF_8)).unseen()).isNull();
    }

    @Test
    void csvWrongFieldCountAndBadNumbersStayClearValidationErrors() {
        assertThatThrownBy(() -> csv("0.3,Ideal,E")).hasMessage("row 1 has 3 features but model 'diamonds' expects 4");
        assertThatThrownBy(() -> csv("0.3,Ideal,E,1\n0.3,Ideal,E,1,\"x, y\",z"))
                .hasMessage("row 2 has 6 features but model 'diamonds' expects 4");
        assertThatThrownBy(() -> csv("0.3,Ideal,\"E,1")).hasMessage("line 1, column 3: the quoted field is not closed");
        assertThatThrownBy(() -> csv("Ideal,Ideal,E,1")).hasMessage("line 1, column 1: 'Ideal' is not a number");
        assertThatThrownBy(() -> csv("1,\"Ideal\"x,E,1")).hasMessage("line 1, column 2: text after the closing quote");
    }

    @Test
    void jsonArraysMayHoldStringsAtCategoricalPositions() {
        FeatureRows rows = json("{\"instances\":[[0.3,\"Ideal\",\"D, light\",61.5],[1,null,\"X\",2]]}");
        assertThat(rows.flat("diamonds", DIAMONDS)).containsExactly(0.3f, 2f, 1f, 61.5f, 1f, Float.NaN, Float.NaN, 2f);
        assertThat(rows.unseen()).containsExactly(0, 0, 1, 0);
    }

    @Test
    void jsonInstancesByNameLeaveAbsentFeaturesMissing() {
        FeatureRows rows = json("{\"instances\":[{\"carat\":0.3,\"cut\":\"Ideal\"},{\"depth\":60,\"color\":\"E\"}]}");
        assertThat(rows.flat("diamonds", DIAMONDS)).containsExactly(0.3f, 2f, Float.NaN, Float.NaN, Float.NaN,
                Float.NaN, 0f, 60f);
        assertThat(json("{\"cut\":\"Good\",\"carat\":2}").flat("diamonds", DIAMONDS))
                .containsExactly(2f, 1f, Float.NaN, Float.NaN);
    }

    @Test
    void jsonUnknownNamesAndStringsAtNumericPositionsAreValidationErrorsNamingThem() {
        assertThatThrownBy(() -> json("{\"instances\":[{\"carat\":1},{\"carat\":0.3,\"clarity\":\"SI2\",\"x\":1}]}")
                .flat("diamonds", DIAMONDS)).isInstanceOf(InvocationError.class)
                .hasMessage("instance 2 names features model 'diamonds' does not have: 'clarity', 'x'; its features"
                        + " are carat, cut, color, depth");
        assertThatThrownBy(() -> json("[[\"big\",\"Ideal\",\"E\",1]]").flat("diamonds", DIAMONDS))
                .hasMessage("instance 1, feature 'carat' (column 1): \"big\" is not a number (the feature is numeric)");
        assertThatThrownBy(() -> json("[[1,\"Ideal\",\"E\"]]").flat("diamonds", DIAMONDS))
                .hasMessage("row 1 has 3 features but model 'diamonds' expects 4");
    }

    @Test
    void byNameWorksForNumericModelsWithFeatureNamesAndIsRefusedWithout() {
        ModelSchema named = ModelSchema.numeric(2, new String[] {"a", "b"});
        assertThat(json("{\"instances\":[{\"b\":2}]}").flat("m", named)).containsExactly(Float.NaN, 2f);
        assertThat(json("{\"instances\":[{\"features\":[1,2]}]}").flat("m", named)).containsExactly(1f, 2f);
        assertThatThrownBy(() -> json("{\"instances\":[{\"features\":[1,2],\"b\":3}]}").flat("m", named))
                .hasMessageContaining("does not have: 'features'"); // never half-read silently
        assertThatThrownBy(() -> json("{\"instances\":[{\"b\":2}]}").flat("m", ModelSchema.numeric(2, null)))
                .hasMessage("instance 1 names its features but model 'm' has no feature names: send each instance as"
                        + " an array of 2 values");
    }
}
