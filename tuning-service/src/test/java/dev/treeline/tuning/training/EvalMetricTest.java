package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.events.definition.Objectives;
import dev.treeline.tuning.search.Direction;

/** The objective metric a job is scored by comes from its DatasetReady and must fit the objective. */
class EvalMetricTest {

    @Test
    void everyMetricTheTableAllowsIsTunable() {
        for (Objectives.Objective o : Objectives.all()) {
            for (String metric : o.metrics().stream().map(m -> m.replace("@k", "@3")).toList()) {
                EvalMetric m = EvalMetric.forObjective(o.name(), metric);
                assertThat(m.xgboostName()).isEqualTo(metric.replace("@3", ""));
                assertThat(m.direction() == Direction.MAXIMIZE).isEqualTo(Objectives.Metrics.higherIsBetter(metric));
            }
            assertThat(EvalMetric.forObjective(o.name()).xgboostName()).isEqualTo(o.defaultMetric());
        }
    }

    @Test
    void aucIsMaximisedAndLossesAreMinimised() {
        assertThat(EvalMetric.forObjective("binary:logistic", "validation:auc")).isEqualTo(EvalMetric.AUC);
        assertThat(EvalMetric.AUC.direction()).isEqualTo(Direction.MAXIMIZE);
        assertThat(EvalMetric.AUCPR.direction()).isEqualTo(Direction.MAXIMIZE);
        assertThat(EvalMetric.MLOGLOSS.direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(EvalMetric.forObjective("reg:squarederror", "RMSE")).isEqualTo(EvalMetric.RMSE);
    }

    @Test
    void tweedieNloglikIsNamedAfterTheTrainedPower() {
        assertThat(EvalMetric.TWEEDIE_NLOGLIK.evalMetricParam(Map.of())).isEqualTo("tweedie-nloglik@1.5");
        assertThat(EvalMetric.TWEEDIE_NLOGLIK.evalMetricParam(Map.of("tweedie_variance_power", 1.2)))
                .isEqualTo("tweedie-nloglik@1.2");
        assertThat(EvalMetric.QUANTILE.evalMetricParam(Map.of("quantile_alpha", 0.9))).isEqualTo("quantile");
    }

    @Test
    void aMetricOfAnotherObjectiveIsRefusedWithTheOnesThatFit() {
        assertThatThrownBy(() -> EvalMetric.forObjective("reg:squarederror", "logloss"))
                .isInstanceOf(UnsupportedMetricException.class)
                .hasMessage("objective metric 'logloss' does not fit objective 'reg:squarederror'; reg:squarederror"
                        + " is tuned by one of rmse, mae, rmsle, mape: set task.objective-metric to one of them or"
                        + " leave it out (default rmse)");
        assertThatThrownBy(() -> EvalMetric.forObjective("binary:hinge", "auc"))
                .hasMessageStartingWith("objective metric 'auc' does not fit objective 'binary:hinge'");
    }

    @Test
    void rankingMetricsAreTunableWithTheirCutOffAndMaximised() {
        for (String objective : new String[] {"rank:ndcg", "rank:pairwise", "rank:map"}) {
            assertThat(EvalMetric.forObjective(objective, "validation:ndcg@5")).isEqualTo(EvalMetric.NDCG);
            assertThat(EvalMetric.forObjective(objective, "map")).isEqualTo(EvalMetric.MAP);
            assertThat(EvalMetric.forObjective(objective, "pre@3")).isEqualTo(EvalMetric.PRE);
        }
        assertThat(EvalMetric.forObjective("rank:map").xgboostName()).isEqualTo("map");
        assertThat(EvalMetric.NDCG.direction()).isEqualTo(Direction.MAXIMIZE);
        assertThat(EvalMetric.MAP.direction()).isEqualTo(Direction.MAXIMIZE);
        // XGBoost evaluates the cut-off the definition names
        assertThat(EvalMetric.NDCG.xgboostEvalMetric("validation:ndcg@5", Map.of())).isEqualTo("ndcg@5");
        assertThat(EvalMetric.NDCG.xgboostEvalMetric("ndcg", Map.of())).isEqualTo("ndcg");
        assertThat(EvalMetric.NDCG.xgboostEvalMetric(null, Map.of())).isEqualTo("ndcg");
        assertThat(EvalMetric.RMSE.xgboostEvalMetric("rmse", Map.of())).isEqualTo("rmse");
        // and reports it with the cut-off (TuningCompleted's validation:ndcg@5); tweedie keeps its plain name
        assertThat(EvalMetric.NDCG.reportedName("validation:ndcg@5")).isEqualTo("ndcg@5");
        assertThat(EvalMetric.TWEEDIE_NLOGLIK.reportedName("tweedie-nloglik")).isEqualTo("tweedie-nloglik");
        assertThatThrownBy(() -> EvalMetric.forObjective("rank:ndcg", "ndcg@0"))
                .isInstanceOf(UnsupportedMetricException.class);
    }

    @Test
    void anUnknownObjectiveIsReportedBeforeItsMetric() {
        assertThatThrownBy(() -> EvalMetric.forObjective("survival:cox", "cox-nloglik"))
                .isInstanceOf(UnsupportedObjectiveException.class).hasMessageContaining("survival:cox")
                .hasMessageContaining("multi:softprob");
    }

    @Test
    void storedNamesOfTheFirstVersionStillRead() {
        // tuning_job.eval_metric holds the constant's name; rows before this table hold RMSE or LOGLOSS
        assertThat(EvalMetric.valueOf("RMSE").xgboostName()).isEqualTo("rmse");
        assertThat(EvalMetric.valueOf("LOGLOSS").xgboostName()).isEqualTo("logloss");
        for (EvalMetric m : EvalMetric.values()) {
            assertThat(m.name().length()).isLessThanOrEqualTo(32); // varchar(32)
        }
    }
}
