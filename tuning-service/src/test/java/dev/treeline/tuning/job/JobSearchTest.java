package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.ContinuousParameter;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;

class JobSearchTest {

    private static final SearchSpace SPACE = SearchSpace.of(ContinuousParameter.linear("x", 0, 1));

    private static Configuration x(double v) {
        return Configuration.of(Map.of("x", v));
    }

    @Test
    void transferLearningEvaluatesTheParentsBestFirstThenSearchesWithContiguousIndices() {
        List<ParentJob> parent = List.of(new ParentJob("p", "old", List.of(Trial.parent(x(0.9), 5.0),
                Trial.parent(x(0.2), 1.0), Trial.parent(x(0.4), 2.0))));
        WarmStartPlan plan = WarmStartPlan.of("new", parent, SPACE, OutOfRangePolicy.CLIP, 2);
        assertThat(plan.type()).isEqualTo(WarmStartType.TRANSFER_LEARNING);
        SearchResult r = JobSearch.run(SPACE, new TpeOptimizer(SPACE), c -> Math.abs(c.getDouble("x") - 0.3), plan,
                5, 1, 7, rec -> { });
        assertThat(r.trials()).extracting(TrialRecord::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.trials().subList(0, 2)).extracting(TrialRecord::config).containsExactly(x(0.2), x(0.4));
    }

    @Test
    void identicalDataNeedsEveryParentOnTheSameDataset() {
        List<Trial> t = List.of(Trial.parent(x(0.5), 1.0));
        assertThat(WarmStartPlan.of("h", List.of(new ParentJob("a", "h", t)), SPACE, OutOfRangePolicy.CLIP, 1).type())
                .isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(WarmStartPlan.of("h", List.of(new ParentJob("a", "h", t), new ParentJob("b", "g", t)), SPACE,
                OutOfRangePolicy.CLIP, 1).type()).isEqualTo(WarmStartType.TRANSFER_LEARNING);
        assertThat(WarmStartPlan.of("h", List.of(), SPACE, OutOfRangePolicy.CLIP, 1).type())
                .isEqualTo(WarmStartType.NONE);
    }

    @Test
    void identicalDataStillFeedsTheParentTrialsToPlainTpeAsTheyAre() {
        List<Trial> parentTrials = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            parentTrials.add(Trial.parent(x(i / 12.0), Math.abs(i / 12.0 - 0.3)));
        }
        WarmStartPlan plan = WarmStartPlan.of("h", List.of(new ParentJob("p", "h", parentTrials)), SPACE,
                OutOfRangePolicy.CLIP, 3);
        assertThat(plan.type()).isEqualTo(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM);
        assertThat(plan.bestConfigurations()).isEmpty();
        dev.treeline.tuning.search.ObjectiveFunction f = c -> Math.abs(c.getDouble("x") - 0.3);
        SearchResult viaJob = JobSearch.run(SPACE, new TpeOptimizer(SPACE), f, plan, 6, 1, 21, rec -> { });
        SearchResult plain = dev.treeline.tuning.search.SearchLoop.builder(SPACE, new TpeOptimizer(SPACE), f)
                .maxTrials(6).seed(21).priorHistory(plan.parentTrials()).build().run();
        assertThat(viaJob.trials()).extracting(TrialRecord::config)
                .containsExactlyElementsOf(plain.trials().stream().map(TrialRecord::config).toList());
    }
}
