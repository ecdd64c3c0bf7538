package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    @Test
    void duplicateNamesAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> SearchSpace.of(
                IntegerParameter.linear("max_depth", 0, 10), ContinuousParameter.linear("max_depth", 0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate parameter name 'max_depth'");
    }

    @Test
    void emptySpaceIsRejected() {
        assertThatThrownBy(SearchSpace::of).hasMessage("search space needs at least one parameter");
    }

    @Test
    void logScaleContinuousNeedsPositiveMin() {
        assertThatThrownBy(() -> ContinuousParameter.log("alpha", 0, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'alpha': LOG scale needs min > 0, got 0.0");
    }

    @Test
    void boundsMustBeOrdered() {
        assertThatThrownBy(() -> ContinuousParameter.linear("gamma", 5, 5))
                .hasMessage("parameter 'gamma': min 5.0 must be < max 5.0");
        assertThatThrownBy(() -> IntegerParameter.linear("num_round", 10, 1))
                .hasMessage("parameter 'num_round': min 10 must be <= max 1");
        assertThatThrownBy(() -> ContinuousParameter.linear("eta", 0, Double.POSITIVE_INFINITY))
                .hasMessage("parameter 'eta': bounds must be finite, got [0.0, Infinity]");
    }

    @Test
    void logScaleIntegerRejectsNegativeMin() {
        assertThatThrownBy(() -> IntegerParameter.log("depth", -1, 5))
                .hasMessage("parameter 'depth': LOG scale needs min >= 0 (log(x+1) is used when min is 0), got -1");
    }

    @Test
    void blankNamesAndNullStaticValuesAreRejected() {
        assertThatThrownBy(() -> IntegerParameter.linear(" ", 0, 1)).hasMessage("parameter name must not be blank");
        assertThatThrownBy(() -> new StaticParameter("objective", null))
                .hasMessage("parameter 'objective': static value must not be null");
    }

    @Test
    void logIntegerWithZeroMinUsesLogOfXPlusOne() {
        IntegerParameter p = IntegerParameter.log("max_delta_step", 0, 10);
        assertThat(p.toTransformed(0)).isEqualTo(0.0);
        assertThat(p.toTransformed(10)).isEqualTo(Math.log(11));
        assertThat(p.transformedLower()).isEqualTo(Math.log(0.5));
        assertThat(p.fromTransformed(Math.log(8))).isEqualTo(7);

        IntegerParameter positive = IntegerParameter.log("num_round", 1, 4000);
        assertThat(positive.toTransformed(100)).isEqualTo(Math.log(100));
    }

    @Test
    void integerFromTransformedRoundsAndClamps() {
        IntegerParameter p = IntegerParameter.linear("max_depth", 0, 10);
        assertThat(p.fromTransformed(3.49)).isEqualTo(3);
        assertThat(p.fromTransformed(3.5)).isEqualTo(4);
        assertThat(p.fromTransformed(-0.5)).isEqualTo(0);
        assertThat(p.fromTransformed(12.0)).isEqualTo(10);
    }

    @Test
    void xgboostDefaultsHaveTheDocumentedRangesInOrder() {
        SearchSpace space = SearchSpace.xgboostDefaults();
        assertThat(space.names()).containsExactly("eta", "max_depth", "num_round", "subsample", "colsample_bylevel",
                "colsample_bytree", "alpha", "lambda", "max_delta_step", "min_child_weight", "gamma");
        assertThat(space.parameter("eta")).contains(ContinuousParameter.log("eta", 0.1, 0.5));
        assertThat(space.parameter("num_round")).contains(IntegerParameter.linear("num_round", 1, 4000));
        assertThat(space.parameter("colsample_bylevel")).contains(ContinuousParameter.log("colsample_bylevel", 0.1, 1));
        assertThat(space.parameter("alpha")).contains(ContinuousParameter.linear("alpha", 0, 1000));
        assertThat(space.parameter("max_delta_step")).contains(IntegerParameter.linear("max_delta_step", 0, 10));
        assertThat(space.parameter("gamma")).contains(ContinuousParameter.linear("gamma", 0, 5));
        assertThat(space.numericParameters()).hasSize(11);
    }

    @Test
    void configurationContainsChecksTypesBoundsStaticsAndExtraNames() {
        SearchSpace space = SearchSpace.of(IntegerParameter.linear("max_depth", 0, 10),
                ContinuousParameter.log("eta", 0.1, 0.5), new StaticParameter("objective", "reg:squarederror"));
        assertThat(config("max_depth", 3, "eta", 0.2, "objective", "reg:squarederror").contains(space)).isTrue();
        assertThat(config("max_depth", 11, "eta", 0.2, "objective", "reg:squarederror").contains(space)).isFalse();
        assertThat(config("max_depth", 3.0, "eta", 0.2, "objective", "reg:squarederror").contains(space)).isFalse();
        assertThat(config("max_depth", 3, "eta", 0.2, "objective", "binary:logistic").contains(space)).isFalse();
        assertThat(config("max_depth", 3, "eta", 0.2).contains(space)).isFalse();
        assertThat(config("max_depth", 3, "eta", 0.2, "objective", "reg:squarederror", "x", 1).contains(space))
                .isFalse();
    }

    @Test
    void clipToClampsRoundsFillsStaticsAndReordersToTheSpace() {
        SearchSpace space = SearchSpace.of(ContinuousParameter.log("eta", 0.1, 0.5),
                IntegerParameter.linear("max_depth", 0, 10), new StaticParameter("objective", "reg:squarederror"));
        Configuration clipped = config("max_depth", 12.4, "eta", 0.05, "removed", 1).clipTo(space);
        assertThat(clipped.values()).containsExactly(
                Map.entry("eta", 0.1), Map.entry("max_depth", 10), Map.entry("objective", "reg:squarederror"));
        assertThat(clipped.contains(space)).isTrue();
        assertThatThrownBy(() -> config("eta", 0.2).clipTo(space))
                .hasMessage("parameter 'max_depth' is missing from {eta=0.2}");
    }

    @Test
    void configurationIsImmutable() {
        Map<String, Object> source = new LinkedHashMap<>(Map.of("eta", 0.2));
        Configuration c = Configuration.of(source);
        source.put("eta", 0.3);
        assertThat(c.get("eta")).isEqualTo(0.2);
        assertThatThrownBy(() -> c.values().put("eta", 0.4)).isInstanceOf(UnsupportedOperationException.class);
    }

    static Configuration config(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Configuration.of(m);
    }
}
