package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    @Test
    void judgingTheBytesOfAPlainDecimalAgreesWithParsingItAsADouble() {
        List<String> labels = new ArrayList<>(List.of("0", "-0", "0.0", "-0.000", "1", "1.0", "1.00000000000000",
                "0.99999999999999", "1.00000000000001", "-1", "-1.0", "-0.99999999999999", "-1.00000000000001", "2",
                "999", "999.0", "999.5", "1000", "1000.0", "-999", "0.5", "00001", "0.00000000000001",
                "-0.00000000000001", "123456789012345", "1234567890123456", "0.999999999999999999", "1e0", "1.5e-07",
                "1.", ".5", "-", "", "+1", " 1", "1 ", "1d", "NaN", "yes", "1.2.3", "--1", "0x10"));
        Random random = new Random(16);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder label = new StringBuilder(random.nextBoolean() ? "-" : "");
            label.append(random.nextInt(random.nextBoolean() ? 3 : 1200));
            if (random.nextBoolean()) {
                label.append('.');
                int fraction = 1 + random.nextInt(16);
                for (int d = 0; d < fraction; d++) {
                    label.append(random.nextInt(10) < 7 ? (random.nextBoolean() ? '0' : '9') : (char) ('0'
                            + random.nextInt(10)));
                }
            }
            labels.add(label.toString());
        }
        LabelRule binary = LabelRule.of("binary:logistic");
        for (String plain : List.of("1", "0.25", "-3.000", "123456789012345")) { // judged from the bytes
            assertThat(binary.plainFits(plain.getBytes(StandardCharsets.US_ASCII))).isNotEqualTo(LabelRule.NOT_PLAIN);
        }
        for (String parsed : List.of("1e0", "1234567890123456", "1.", "+1")) { // parsed as a double
            assertThat(binary.plainFits(parsed.getBytes(StandardCharsets.US_ASCII))).isEqualTo(LabelRule.NOT_PLAIN);
        }
        for (String objective : List.of("binary:logistic", "multi:softprob", "count:poisson", "reg:gamma",
                "reg:tweedie", "reg:logistic", "reg:squaredlogerror", "rank:ndcg")) {
            LabelRule rule = LabelRule.of(objective);
            for (String label : labels) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                assertThat(rule.problem(bytes)).as(objective + " label '" + label + "'")
                        .isEqualTo(rule.parsedProblem(bytes));
            }
        }
    }
}
