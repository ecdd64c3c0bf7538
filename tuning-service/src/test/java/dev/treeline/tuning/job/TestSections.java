package dev.treeline.tuning.job;

import java.util.HashMap;
import java.util.Map;

import dev.treeline.events.definition.TuningSection;
import dev.treeline.events.definition.TuningSection.RangeSpec;

/**
 * The tuning sections the tests' models are defined with (carried by their DatasetReady): small budgets and short
 * rounds, so a job takes seconds. They replace the {@code %test.treeline.tuning.models.*} properties of before.
 */
final class TestSections {

    /** 4 trials, 2 at a time, early stopping after 5 rounds, seed 42. */
    static final TuningSection TUNE_REG = new TuningSection(null, 4, 2, 5, null, null, null, 42L,
            Map.of("num_round", rounds(5, 150)), null);
    static final TuningSection TUNE_BIN = section(3, 100, true);
    static final TuningSection TUNE_TESTING = section(5, 50, false);
    /** Every trial fails: XGBoost's exact tree method refuses unlimited depth. */
    static final TuningSection TUNE_FAIL_ALL = new TuningSection(null, 2, null, null, null, null, null, null, null,
            Map.of("tree_method", "exact", "max_depth", "0", "num_round", "10"));
    /** 6 trials, 2 at a time; transfer learning re-evaluates the parent's 2 best configurations. */
    static final TuningSection TUNE_WARM = new TuningSection(null, 6, 2, null, null, 2, null, null,
            Map.of("num_round", rounds(5, 100)), null);
    /** Real trees (not pruned to a constant by alpha up to 1000), so the seed shapes them by row/column sampling. */
    static final TuningSection TUNE_RETRAIN = section(6, 100, true);

    private TestSections() {
    }

    /**
     * {@code maxTrials} trials searching {@code num_round} in 5..{@code maxRounds}; with {@code smallData}, ranges of
     * alpha, gamma and min_child_weight that a few hundred rows can take (the defaults' alpha up to 1000 prunes every
     * split); every other setting the default.
     */
    static TuningSection section(int maxTrials, int maxRounds, boolean smallData) {
        Map<String, RangeSpec> ranges = new HashMap<>();
        ranges.put("num_round", rounds(5, maxRounds));
        if (smallData) {
            ranges.put("alpha", new RangeSpec(0, 1, null, null));
            ranges.put("gamma", new RangeSpec(0, 0.1, null, null));
            ranges.put("min_child_weight", new RangeSpec(0, 1, null, null));
        }
        return new TuningSection(null, maxTrials, null, null, null, null, null, null, ranges, null);
    }

    static RangeSpec rounds(int min, int max) {
        return new RangeSpec(min, max, null, true);
    }
}
