package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.treeline.events.TuningStrategy;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.Scale;

class TuningConfigValidatorTest {

    /** A model's settings with the documented defaults, overridable per test. */
    record Settings(int maxJobs, int maxParallelJobs, int earlyStoppingRounds, int maxParents,
                    Map<String, TuningConfig.Range> ranges) implements TuningConfig.ModelTuning {

        static Settings defaults() {
            return new Settings(30, 2, 10, 1, Map.of());
        }

        @Override
        public TuningStrategy strategy() {
            return TuningStrategy.BAYESIAN;
        }

        @Override
        public int transferBestConfigurations() {
            return 3;
        }

        @Override
        public OutOfRangePolicy outOfRangePolicy() {
            return OutOfRangePolicy.CLIP;
        }

        @Override
        public OptionalLong seed() {
            return OptionalLong.empty();
        }

        @Override
        public Map<String, String> staticParameters() {
            return Map.of();
        }
    }

    record Range(double min, double max, Scale scale, boolean integer) implements TuningConfig.Range {
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(TuningConfigValidator.problems("house-prices", Settings.defaults())).isEmpty();
    }

    @Test
    void eachProblemNamesItsKey() {
        Settings bad = new Settings(0, 0, -1, 6, Map.of("eta", new Range(0, 0.5, Scale.LOG, false)));
        assertThat(TuningConfigValidator.problems("house-prices", bad)).containsExactly(
                "treeline.tuning.models.\"house-prices\".max-jobs must be >= 1, got 0",
                "treeline.tuning.models.\"house-prices\".max-parallel-jobs must be >= 1, got 0",
                "treeline.tuning.models.\"house-prices\".early-stopping-rounds must be >= 0, got -1",
                "treeline.tuning.models.\"house-prices\".max-parents must be between 0 and 5, got 6",
                "treeline.tuning.models.\"house-prices\".ranges / static-parameters: parameter 'eta': LOG scale"
                        + " needs min > 0, got 0.0");
    }

    @Test
    void aConfiguredRangeReplacesTheDefaultOne() {
        Settings s = new Settings(30, 2, 10, 1, Map.of("max_depth", new Range(2, 6, Scale.LINEAR, true)));
        assertThat(SearchSpaces.forModel(s).parameter("max_depth").orElseThrow().toString()).contains("min=2", "max=6");
    }
}
