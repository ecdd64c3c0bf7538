package dev.treeline.events.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectivesTest {

    @Test
    void everyObjectiveAllowsItsOwnDefaultMetric() {
        assertEquals(17, Objectives.all().size());
        for (Objectives.Objective objective : Objectives.all()) {
            assertTrue(objective.allows(objective.defaultMetric()), objective.name());
            assertEquals(objective.defaultMetric(), TaskSection.defaultMetric(objective.name()));
        }
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource({"rank:ndcg, ndcg@5, true", "rank:ndcg, validation:ndcg@10, true", "rank:map, map@k, false",
            "rank:ndcg, ndcg@0, false", "binary:logistic, VALIDATION:AUC, true", "binary:hinge, auc, false",
            "multi:softmax, mlogloss, false", "multi:softprob, mlogloss, true", "reg:squarederror, logloss, false"})
    void aMetricFitsOnlyTheObjectivesThatAllowIt(String objective, String metric, boolean allowed) {
        assertEquals(allowed, Objectives.find(objective).orElseThrow().allows(metric));
    }

    @ParameterizedTest(name = "{0} higher is better: {1}")
    @CsvSource({"auc, true", "validation:aucpr, true", "ndcg@5, true", "map, true", "pre@3, true", "rmse, false",
            "mlogloss, false", "merror, false", "poisson-nloglik, false", "validation:error, false"})
    void theDirectionFollowsTheMetric(String metric, boolean higher) {
        assertEquals(higher, Objectives.Metrics.higherIsBetter(metric));
    }

    @Test
    void anUnknownObjectiveHasNoDefaultMetric() {
        assertFalse(Objectives.find("survival:cox").isPresent());
        assertEquals(null, TaskSection.defaultMetric("survival:cox"));
    }
}
