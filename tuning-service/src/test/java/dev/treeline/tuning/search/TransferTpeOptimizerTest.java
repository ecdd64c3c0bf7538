package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransferTpeOptimizerTest {

    private static final SearchSpace SPACE = Benchmarks.BOWL_SPACE;

    /** A parent run on the bowl: its trials as PARENT observations. */
    private static List<Trial> parentTrials(long seed, int budget) {
        List<Trial> out = new ArrayList<>();
        SearchLoop.builder(SPACE, new TpeOptimizer(SPACE), Benchmarks::bowl).maxTrials(budget).seed(seed).build()
                .run().trials().forEach(r -> r.toTrial().ifPresent(t -> out.add(t.withOrigin(TrialOrigin.PARENT))));
        return out;
    }

    private static List<Configuration> suggestions(Optimizer o, List<Trial> history, long seed, int n) {
        Random rng = new Random(seed);
        List<Configuration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(o.suggest(history, rng));
        }
        return out;
    }

    @Test
    void parentObservationsCountLessAsTheJobsOwnObservationsArrive() {
        TransferTpeOptimizer o = new TransferTpeOptimizer(SPACE);
        assertThat(o.parentWeight(0)).isEqualTo(1.0);
        assertThat(o.parentWeight(10)).isEqualTo(0.5);
        assertThat(o.parentWeight(30)).isEqualTo(0.25);
        TransferTpeOptimizer none = new TransferTpeOptimizer(SPACE, new TransferTpeOptimizer.Settings(0.25, 64, 0,
                3, 0.5, 0.5, 0.1, 10));
        assertThat(none.parentWeight(0)).isZero();
    }

    @Test
    void onlyTheRankingOfTheParentsObjectivesMatters() {
        // a shifted data set changes the loss level; an increasing transform of the parent's losses changes nothing
        List<Trial> parent = parentTrials(3, 30);
        List<Trial> rescaled = parent.stream().map(t -> new Trial(t.config(), 1000 * t.objective() + 7,
                TrialOrigin.PARENT)).toList();
        List<Trial> own = List.of(Trial.current(parent.get(0).config(), 0.4), Trial.current(parent.get(1).config(), 0.9));
        List<Trial> a = new ArrayList<>(parent);
        a.addAll(own);
        List<Trial> b = new ArrayList<>(rescaled);
        b.addAll(own);
        TransferTpeOptimizer o = new TransferTpeOptimizer(SPACE);
        assertThat(suggestions(o, a, 11, 8)).isEqualTo(suggestions(o, b, 11, 8));
    }

    @Test
    void suggestionsStayInsideTheSpaceAndTrialsOutsideItAreIgnored() {
        List<Trial> parent = parentTrials(5, 20);
        List<Trial> withStrangers = new ArrayList<>(parent);
        // from a wider old space, not prepared with WarmStart: not in this space, so not used
        withStrangers.add(Trial.parent(Configuration.of(Map.of("eta", 5.0, "max_depth", 40, "subsample", 0.1,
                "lambda", 900.0, "objective", "binary:logistic")), -100));
        TransferTpeOptimizer o = new TransferTpeOptimizer(SPACE);
        List<Configuration> s = suggestions(o, withStrangers, 2, 20);
        assertThat(s).isEqualTo(suggestions(o, parent, 2, 20));
        assertThat(s).allSatisfy(c -> assertThat(c.contains(SPACE)).isTrue());
    }

    @Test
    void sameHistoryAndSeedGiveTheSameSuggestions() {
        List<Trial> parent = parentTrials(8, 30);
        TransferTpeOptimizer o = new TransferTpeOptimizer(SPACE);
        assertThat(suggestions(o, parent, 4, 5)).isEqualTo(suggestions(o, parent, 4, 5))
                .isNotEqualTo(suggestions(o, parent, 5, 5));
    }

    @Test
    void withGoodParentsSuggestionsConcentrateWhereTheParentWasGood() {
        List<Trial> parent = parentTrials(13, 40);
        TransferTpeOptimizer o = new TransferTpeOptimizer(SPACE, new TransferTpeOptimizer.Settings(0.25, 64, 10, 3, 0.5,
                0.5, 0, 10));
        double[] warm = suggestions(o, parent, 1, 30).stream().mapToDouble(Benchmarks::bowl).toArray();
        double[] random = suggestions(new RandomSearch(SPACE), List.of(), 1, 30).stream()
                .mapToDouble(Benchmarks::bowl).toArray();
        assertThat(Benchmarks.median(warm)).isLessThan(0.25 * Benchmarks.median(random));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(1, 64, 10, 3, 0.5, 0.5, 0.1, 10))
                .hasMessageContaining("gamma");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 0, 10, 3, 0.5, 0.5, 0.1, 10))
                .hasMessageContaining("nCandidates");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 64, -1, 3, 0.5, 0.5, 0.1, 10))
                .hasMessageContaining("parentPseudoCount");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 64, 10, 0, 0.5, 0.5, 0.1, 10))
                .hasMessageContaining("similarityPriorPairs");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 64, 10, 3, 1.5, 0.5, 0.1, 10))
                .hasMessageContaining("localFraction");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 64, 10, 3, 0.5, 0, 0.1, 10))
                .hasMessageContaining("localScale");
        assertThatThrownBy(() -> new TransferTpeOptimizer.Settings(0.25, 64, 10, 3, 0.5, 0.5, 1, 10))
                .hasMessageContaining("explorationRate");
    }
}
