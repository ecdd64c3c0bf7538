package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelRuleTest {

    @ParameterizedTest(name = "{0} label {1}: fits {2}")
    @CsvSource({
            "binary:logistic, 0, true", "binary:logistic, 1.0, true", "binary:logistic, 2, false",
            "binary:hinge, -1, false", "multi:softprob, 4, true", "multi:softmax, 2.5, false",
            "multi:softprob, -1, false", "multi:softprob, 1000, false", "count:poisson, 0, true",
            "count:poisson, -3, false", "reg:gamma, 0, false", "reg:gamma, 0.01, true", "reg:tweedie, 0, true",
            "reg:logistic, 0.4, true", "reg:logistic, 1.2, false", "reg:squaredlogerror, -0.5, true",
            "reg:squaredlogerror, -1, false", "reg:squarederror, -1e9, true", "binary:logistic, NaN, false"})
    void aLabelFitsTheValuesItsObjectiveTakes(String objective, String label, boolean fits) {
        LabelRule rule = LabelRule.of(objective);

        assertThat(rule.problem(label.getBytes(StandardCharsets.US_ASCII)).isEmpty()).isEqualTo(fits);
    }

    @Test
    void plainRegressionChecksNothingSoTheExtractionParsesNothing() {
        assertThat(LabelRule.of("reg:squarederror").constrains()).isFalse();
        assertThat(LabelRule.of("reg:absoluteerror").constrains()).isFalse();
        assertThat(LabelRule.of("binary:logistic").constrains()).isTrue();
    }

    @Test
    void theProblemSaysWhatTheObjectiveNeeds() {
        assertThat(LabelRule.of("multi:softprob").problem("2.5".getBytes(StandardCharsets.US_ASCII))).hasValue(
                "label 2.5 does not fit multi:softprob, which needs class indexes 0, 1, ..., k-1 (whole numbers below"
                        + " 1000)");
        assertThat(LabelRule.of("binary:logistic").problem("yes".getBytes(StandardCharsets.US_ASCII))).hasValue(
                "label yes is not a number");
    }
}
