package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Direction;

/** Which trial a completed job ships, by warm-start type and how the parents' bests compare with its own. */
class BestTrialChoiceTest {

    private static final BestCandidate OWN = BestCandidate.own("child", 3, 0.50, 9, Map.of("eta", 0.3), 11);

    private static BestCandidate parentBest(String parent, double value) {
        return new BestCandidate(parent, 1, value, 4, Map.of("eta", 0.2), 7, parent, "a".repeat(64));
    }

    record Row(String label, WarmStartType warmStart, List<BestCandidate> parentBests, String expectedTrialJob) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Row> table() {
        return List.of(
                new Row("cold start: own best", WarmStartType.NONE, List.of(), "child"),
                new Row("identical data, parent better: parent's best", WarmStartType.IDENTICAL_DATA_AND_ALGORITHM,
                        List.of(parentBest("p1", 0.40)), "p1"),
                new Row("identical data, equal: parent's best (same model again)",
                        WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, List.of(parentBest("p1", 0.50)), "p1"),
                new Row("identical data, own better: own best", WarmStartType.IDENTICAL_DATA_AND_ALGORITHM,
                        List.of(parentBest("p1", 0.60)), "child"),
                new Row("identical data, several parents: the best of them", WarmStartType.IDENTICAL_DATA_AND_ALGORITHM,
                        List.of(parentBest("p1", 0.45), parentBest("p2", 0.30), parentBest("p3", 0.49)), "p2"),
                new Row("identical data, parent's best not recorded: own best",
                        WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, List.of(), "child"),
                new Row("transfer learning: a parent's value on other data does not count",
                        WarmStartType.TRANSFER_LEARNING, List.of(parentBest("p1", 0.01)), "child"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aChildOnIdenticalDataNeverEndsWorseThanItsParent(Row row) {
        BestCandidate chosen = BestTrialChoice.choose(row.warmStart(), OWN, row.parentBests());
        assertThat(chosen.trialJob()).isEqualTo(row.expectedTrialJob());
        assertThat(chosen.fromParent()).isEqualTo(!row.expectedTrialJob().equals("child"));
        if (row.warmStart() == WarmStartType.IDENTICAL_DATA_AND_ALGORITHM) {
            assertThat(chosen.value()).isLessThanOrEqualTo(OWN.value());
            row.parentBests().forEach(p -> assertThat(chosen.value()).isLessThanOrEqualTo(p.value()));
        }
    }

    @org.junit.jupiter.api.Test
    void aMaximisedMetricKeepsTheHigherOfOwnAndParentBests() {
        BestCandidate ownAuc = BestCandidate.own("child", 3, 0.80, 9, Map.of("eta", 0.3), 11);
        assertThat(BestTrialChoice.choose(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, Direction.MAXIMIZE, ownAuc,
                List.of(parentBest("p1", 0.70), parentBest("p2", 0.85))).trialJob()).isEqualTo("p2");
        assertThat(BestTrialChoice.choose(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, Direction.MAXIMIZE, ownAuc,
                List.of(parentBest("p1", 0.70))).trialJob()).isEqualTo("child");
    }
}
