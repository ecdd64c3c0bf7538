package dev.treeline.dataprep.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecValidatorTest {

    record Window(LocalDate start, int pushbackDays) implements ModelSpecs.Window {
    }

    record Split(double train, double validation, double test, String hashColumn) implements ModelSpecs.Split {
    }

    record Drift(double threshold, Duration cooldown) implements ModelSpecs.Drift {
    }

    record Spec(String layer, String objective, String query, ModelSpecs.Window window, String labelColumn,
            Optional<List<String>> featureColumns, ModelSpecs.Split split, Optional<String> schedule,
            ModelSpecs.Drift drift, Optional<Duration> statementTimeout) implements ModelSpecs.ModelSpec {
    }

    static Spec valid() {
        return new Spec("demo", "reg:squarederror", "select * from t where d between :dateStart and :dateEnd",
                new Window(LocalDate.of(2000, 1, 1), 30), "price", Optional.of(List.of("a", "b")),
                new Split(0.7, 0.15, 0.15, "id"), Optional.of("0 0 3 * * ?"), new Drift(0.2, Duration.ofHours(6)),
                Optional.of(Duration.ofMinutes(5)));
    }

    @Test
    void validSpecHasNoProblems() {
        assertThat(ModelSpecValidator.validate(Map.of("house-prices", valid()))).isEmpty();
    }

    @Test
    void everyProblemNamesTheSpecAndTheField() {
        Spec bad = new Spec("demo", "reg:linear", "select * from t where d > :dateStart",
                new Window(LocalDate.of(2000, 1, 1), -1), "price", Optional.of(List.of("price", "b")),
                new Split(0.7, 0.2, 0.2, "id"), Optional.of("every day"), new Drift(-1, Duration.ofHours(-1)),
                Optional.of(Duration.ZERO));

        List<String> problems = ModelSpecValidator.validate(Map.of("House_Prices", bad));

        assertThat(problems).anyMatch(p -> p.startsWith("model spec 'House_Prices' name: "))
                .anyMatch(p -> p.startsWith("model spec 'House_Prices' objective: 'reg:linear' is not one of"))
                .anyMatch(p -> p.equals("model spec 'House_Prices' query: must use both :dateStart and :dateEnd"
                        + " (found [dateStart])"))
                .anyMatch(p -> p.equals("model spec 'House_Prices' window.pushback-days: must be zero or more"))
                .anyMatch(p -> p.startsWith("model spec 'House_Prices' split: ") && p.contains("0.7 + 0.2 + 0.2"))
                .anyMatch(p -> p.equals("model spec 'House_Prices' feature-columns: must not contain the label"
                        + " column 'price'"))
                .anyMatch(p -> p.startsWith("model spec 'House_Prices' schedule: 'every day' is not a valid cron"))
                .anyMatch(p -> p.equals("model spec 'House_Prices' drift.threshold: must be zero or more"))
                .anyMatch(p -> p.equals("model spec 'House_Prices' drift.cooldown: must not be negative"))
                .anyMatch(p -> p.startsWith("model spec 'House_Prices' statement-timeout: must be between 1 ms and"));
        assertThat(problems).hasSize(10);
    }

    @Test
    void queryWithAnUnknownParameterIsReportedAsAQueryProblem() {
        Spec spec = new Spec("demo", "binary:logistic", "select * from t where d between :dateStart and :dateEnd"
                + " and u = :user", new Window(LocalDate.of(2000, 1, 1), 0), "y", Optional.empty(),
                new Split(0.8, 0, 0.2, "id"), Optional.empty(), new Drift(0.1, Duration.ZERO),
                Optional.empty());
        assertThat(ModelSpecValidator.validate(Map.of("churn", spec))).containsExactly(
                "model spec 'churn' query: unknown parameter :user; only :dateStart and :dateEnd are bound");
    }

    @ParameterizedTest(name = "{0} usable: {1}")
    @CsvSource({ "PT0S, false", "PT-1S, false", "PT0.001S, true", "PT10M, true", "PT596H31M23.647S, true",
            "PT596H31M23.648S, false", "P30D, false" })
    void statementTimeoutMustFitPostgresqlsRange(Duration timeout, boolean usable) {
        assertThat(ModelSpecValidator.statementTimeoutProblem(timeout).isEmpty()).isEqualTo(usable);
    }
}
