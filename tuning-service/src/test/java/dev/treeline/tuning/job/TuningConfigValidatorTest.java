package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import org.junit.jupiter.api.Test;

import dev.treeline.events.definition.TuningSection;
import dev.treeline.events.definition.TuningSection.RangeSpec;
import dev.treeline.tuning.search.ContinuousParameter;
import dev.treeline.tuning.search.IntegerParameter;
import dev.treeline.tuning.search.Scale;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.StaticParameter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The service-wide settings, the refusal of old per-model keys, and the search space a tuning section gives. */
class TuningConfigValidatorTest {

    record Settings(int maxConcurrentJobs, OptionalInt cores) implements TuningConfig {

        @Override
        public Optional<String> workDir() {
            return Optional.empty();
        }
    }

    private static final Settings DEFAULTS = new Settings(1, OptionalInt.empty());

    @Test
    void serviceWideSettingsAloneAreValid() {
        assertThat(LegacyModelKeys.first(List.of("treeline.tuning.max-concurrent-jobs", "treeline.tuning.cores",
                "treeline.tuning.work-dir", "treeline.s3.bucket"))).isEmpty();
        assertThat(TuningConfigValidator.problems(DEFAULTS, Optional.empty())).isEmpty();
    }

    @Test
    void anOldPerModelKeyRefusesTheStartNamingTheFirstKeyAndTheConvertCommand() {
        Optional<String> first = LegacyModelKeys.first(List.of("treeline.tuning.max-concurrent-jobs",
                "treeline.tuning.models.\"tune-b\".seed", "treeline.tuning.models.\"tune-a\".max-jobs"));
        assertThat(TuningConfigValidator.problems(DEFAULTS, first)).containsExactly("treeline.tuning.models.\"tune-a\""
                + ".max-jobs is no longer read: per-model tuning settings now live in the model definition's tuning"
                + " section; convert old properties with `treeline models convert`");
    }

    @Test
    void oldKeysAreFoundAsEnvironmentVariablesAndWithAProfile() {
        assertThat(LegacyModelKeys.first(List.of("TREELINE_TUNING_MODELS__HOUSE_PRICES__MAX_JOBS")))
                .contains("TREELINE_TUNING_MODELS__HOUSE_PRICES__MAX_JOBS");
        assertThat(LegacyModelKeys.first(List.of("%prod.treeline.tuning.models.x.seed")))
                .contains("%prod.treeline.tuning.models.x.seed");
        assertThat(LegacyModelKeys.first(List.of("TREELINE_TUNING_MAX_CONCURRENT_JOBS", "treeline.models.x.query",
                "treeline.tuning.modelsx"))).isEmpty();
    }

    @Test
    void theInterceptorHidesOldKeysFromTheMappingSoTheServiceCanRefuseThemWithItsOwnMessage() {
        KeyValuesConfigSource source = new KeyValuesConfigSource(Map.of("treeline.tuning.max-concurrent-jobs", "2",
                "treeline.tuning.models.\"house-prices\".ranges.eta.min", "0.1"));
        // without it, SmallRye rejects the key before any code of the service runs, without saying what to do
        assertThatThrownBy(() -> new SmallRyeConfigBuilder().withSources(source).withMapping(TuningConfig.class)
                .build()).hasMessageContaining("does not map to any root");

        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(source).withMapping(TuningConfig.class)
                .withInterceptors(new LegacyModelKeys()).build();
        assertThat(config.getConfigMapping(TuningConfig.class).maxConcurrentJobs()).isEqualTo(2);
        assertThat(config.getPropertyNames()).doesNotContain("treeline.tuning.models.\"house-prices\".ranges.eta.min");
        assertThat(config.getOptionalValue("treeline.tuning.models.\"house-prices\".ranges.eta.min", String.class))
                .isEmpty();
        assertThat(LegacyModelKeys.first(config)).contains("treeline.tuning.models.\"house-prices\".ranges.eta.min");
    }

    /** A config source of fixed keys. */
    static final class KeyValuesConfigSource implements ConfigSource {
        private final Map<String, String> values;

        KeyValuesConfigSource(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public String getValue(String name) {
            return values.get(name);
        }

        @Override
        public String getName() {
            return "test-keys";
        }
    }

    @Test
    void eachServiceWideProblemNamesItsKey() {
        assertThat(TuningConfigValidator.problems(new Settings(0, OptionalInt.of(0)), Optional.empty())).containsExactly(
                "treeline.tuning.max-concurrent-jobs must be >= 1, got 0", "treeline.tuning.cores must be >= 1, got 0");
    }

    @Test
    void theSectionsRangesReplaceTheDefaultOnesAndItsStaticParametersReplaceSearchedOnes() {
        TuningSection section = new TuningSection(null, null, null, null, null, null, null, null,
                Map.of("max_depth", new RangeSpec(2, 6, null, true), "eta", new RangeSpec(0.01, 0.2,
                        TuningSection.Scale.LOG, null), "my_param", new RangeSpec(0, 1, null, null)),
                Map.of("subsample", "0.8", "tree_method", "hist"));
        var space = SearchSpaces.forSection(section);
        assertThat(space.parameter("max_depth")).contains(new IntegerParameter("max_depth", 2, 6, Scale.LINEAR));
        assertThat(space.parameter("eta")).contains(new ContinuousParameter("eta", 0.01, 0.2, Scale.LOG));
        assertThat(space.parameter("my_param")).contains(new ContinuousParameter("my_param", 0, 1, Scale.LINEAR));
        assertThat(space.parameter("subsample")).contains(new StaticParameter("subsample", 0.8));
        assertThat(space.parameter("tree_method")).contains(new StaticParameter("tree_method", "hist"));
        assertThat(SearchSpaces.forSection(TuningSection.defaults()).parameters())
                .isEqualTo(SearchSpace.xgboostDefaults().parameters());
    }

    @Test
    void rangesTheSearchSpaceRejectsNameTheParameter() {
        assertThatThrownBy(() -> SearchSpaces.forSection(new TuningSection(null, null, null, null, null, null, null,
                null, Map.of("eta", new RangeSpec(0, 0.5, TuningSection.Scale.LOG, null)), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'eta': LOG scale needs min > 0, got 0.0");
        assertThatThrownBy(() -> SearchSpaces.forSection(new TuningSection(null, null, null, null, null, null, null,
                null, Map.of("max_depth", new RangeSpec(1.5, 6, null, true)), null)))
                .hasMessageContaining("integer parameter 'max_depth' needs whole bounds");
    }
}
