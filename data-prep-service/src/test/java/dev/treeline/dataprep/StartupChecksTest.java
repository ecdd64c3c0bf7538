package dev.treeline.dataprep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the service refuses to start with, without starting it. */
class StartupChecksTest {

    @Test
    void oldModelSpecPropertiesAreRefusedNamingTheFirstKeyAndTheConvertCommand() {
        assertThat(StartupChecks.oldModelSpecsProblem(List.of("quarkus.http.port",
                "treeline.models.\"house-prices\".query", "treeline.models.\"a\".layer", "treeline.definitions.dir")))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("found 'treeline.models.\"a\".layer'")
                        .contains("treeline models convert"));
        assertThat(StartupChecks.oldModelSpecsProblem(List.of("TREELINE_MODELS__HOUSE_PRICES__QUERY")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("TREELINE_MODELS__HOUSE_PRICES__QUERY"));
        assertThat(StartupChecks.oldModelSpecsProblem(List.of("treeline.definitions.dir", "treeline.models-x",
                "treeline.data-prep.scheduler-enabled"))).isEmpty();
    }

    @Test
    void aWarehouseStatementTimeoutOutsidePostgresRangeIsRefused() {
        assertThat(StartupChecks.statementTimeoutProblem(Duration.ZERO)).isPresent();
        assertThat(StartupChecks.statementTimeoutProblem(Duration.ofDays(30))).isPresent();
        assertThat(StartupChecks.statementTimeoutProblem(Duration.ofMinutes(10))).isEmpty();
    }
}
