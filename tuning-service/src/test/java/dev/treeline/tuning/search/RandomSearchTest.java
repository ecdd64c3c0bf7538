package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomSearchTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            ContinuousParameter.log("eta", 0.1, 0.5),
            IntegerParameter.linear("max_depth", 0, 10),
            IntegerParameter.log("max_delta_step", 0, 10),
            ContinuousParameter.linear("gamma", 0, 5),
            new StaticParameter("objective", "binary:logistic"));

    private static List<Configuration> sample(Optimizer optimizer, long seed, int n) {
        Random rng = new Random(seed);
        List<Configuration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(optimizer.suggest(List.of(), rng));
        }
        return out;
    }

    @Test
    void logScaleSamplesAreLogUniformWithMedianAtTheGeometricMean() {
        double[] etas = sample(new RandomSearch(SPACE), 42, 10_000).stream()
                .mapToDouble(c -> c.getDouble("eta")).toArray();
        double geometricMean = Math.sqrt(0.1 * 0.5);
        assertThat(Benchmarks.median(etas)).isCloseTo(geometricMean, within(0.05 * geometricMean));
        // a linear-uniform sampler would put the median at 0.3, well outside this window
        assertThat(java.util.Arrays.stream(etas).min().orElseThrow()).isGreaterThanOrEqualTo(0.1);
        assertThat(java.util.Arrays.stream(etas).max().orElseThrow()).isLessThanOrEqualTo(0.5);
    }

    @Test
    void integersAreIntegersWithinBoundsIncludingBothEnds() {
        List<Configuration> configs = sample(new RandomSearch(SPACE), 7, 2_000);
        Set<Object> depths = new HashSet<>();
        for (Configuration c : configs) {
            assertThat(c.get("max_depth")).isInstanceOf(Integer.class);
            assertThat(c.get("max_delta_step")).isInstanceOf(Integer.class);
            depths.add(c.get("max_depth"));
            assertThat(c.contains(SPACE)).isTrue();
        }
        assertThat(depths).hasSize(11).contains(0, 10);
    }

    @Test
    void linearIntegersAreRoughlyUniform() {
        int[] counts = new int[11];
        sample(new RandomSearch(SPACE), 3, 11_000).forEach(c -> counts[c.getInt("max_depth")]++);
        // 1000 expected per value; 4 sigma is about 126
        for (int n : counts) {
            assertThat(n).isBetween(870, 1130);
        }
    }

    @Test
    void staticParametersAreAlwaysPresentWithTheirValue() {
        assertThat(sample(new RandomSearch(SPACE), 1, 100))
                .allSatisfy(c -> assertThat(c.get("objective")).isEqualTo("binary:logistic"));
    }

    @Test
    void sameSeedGivesSameSuggestionsAndDifferentSeedsDiffer() {
        assertThat(sample(new RandomSearch(SPACE), 5, 20)).isEqualTo(sample(new RandomSearch(SPACE), 5, 20));
        assertThat(sample(new RandomSearch(SPACE), 5, 20)).isNotEqualTo(sample(new RandomSearch(SPACE), 6, 20));
    }
}
