package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The objective metric a job is scored by comes from its DatasetReady and must fit the objective. */
class EvalMetricTest {

    @Test
    void eachObjectiveTakesItsOwnMetric() {
        assertThat(EvalMetric.forObjective("reg:squarederror", "rmse")).isEqualTo(EvalMetric.RMSE);
        assertThat(EvalMetric.forObjective("binary:logistic", "logloss")).isEqualTo(EvalMetric.LOGLOSS);
    }

    @Test
    void aMetricOfAnotherObjectiveIsRefusedWithTheOneThatFits() {
        assertThatThrownBy(() -> EvalMetric.forObjective("reg:squarederror", "logloss"))
                .isInstanceOf(UnsupportedMetricException.class)
                .hasMessage("objective metric 'logloss' does not fit objective 'reg:squarederror'; reg:squarederror"
                        + " is tuned by rmse: set task.objective-metric to rmse or leave it out");
        assertThatThrownBy(() -> EvalMetric.forObjective("binary:logistic", "rmse"))
                .hasMessageStartingWith("objective metric 'rmse' does not fit objective 'binary:logistic'");
    }

    @Test
    void anUnknownMetricIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> EvalMetric.forObjective("binary:logistic", "auc"))
                .isInstanceOf(UnsupportedMetricException.class)
                .hasMessage("objective metric 'auc' is not supported (this service tunes by rmse, logloss);"
                        + " binary:logistic is tuned by logloss: set task.objective-metric to logloss or leave it out");
        assertThatThrownBy(() -> EvalMetric.forObjective("reg:squarederror", "RMSE"))
                .hasMessageContaining("'RMSE' is not supported");
    }

    @Test
    void anUnsupportedObjectiveIsReportedBeforeItsMetric() {
        assertThatThrownBy(() -> EvalMetric.forObjective("multi:softmax", "mlogloss"))
                .isInstanceOf(UnsupportedObjectiveException.class).hasMessageContaining("multi:softmax");
    }
}
