package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.ObjectiveFunction;
import dev.treeline.tuning.search.Optimizer;
import dev.treeline.tuning.search.SearchLoop;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;

/**
 * Runs a job's whole search under its warm-start plan, with indices 0..budget-1.
 *
 * <p>Transfer learning runs in two phases. Phase 1 re-evaluates the parents' best configurations on the new data.
 * Phase 2 searches the rest of the budget with the parents' trials in the optimiser's history, their objectives
 * multiplied by the median ratio (new / parent objective) of the re-evaluated configurations: data shift changes the
 * loss level, and TPE compares all observations on one scale. If no re-evaluation succeeded there is no ratio and the
 * parent trials are left out. Phase 2 uses seed + 1 so its random stream differs from phase 1's.
 */
public final class JobSearch {

    private JobSearch() {
    }

    public static SearchResult run(SearchSpace space, Optimizer optimizer, ObjectiveFunction objective,
                                   WarmStartPlan plan, int budget, int parallel, long seed,
                                   Consumer<TrialRecord> onTrial) {
        if (plan.type() != WarmStartType.TRANSFER_LEARNING) {
            List<Trial> prior = plan.type() == WarmStartType.IDENTICAL_DATA_AND_ALGORITHM ? plan.parentTrials() : List.of();
            return SearchLoop.builder(space, optimizer, objective).maxTrials(budget).maxParallel(parallel).seed(seed)
                    .priorHistory(prior).onTrial(onTrial).build().run();
        }
        int reEvaluated = plan.reEvaluated(budget);
        List<TrialRecord> records = new ArrayList<>();
        List<Trial> phaseOneTrials = new ArrayList<>();
        if (reEvaluated > 0) {
            SearchResult phaseOne = SearchLoop.builder(space, optimizer, objective).maxTrials(reEvaluated)
                    .maxParallel(parallel).seed(seed)
                    .initialConfigurations(plan.bestConfigurations().subList(0, reEvaluated))
                    .onTrial(onTrial).build().run();
            records.addAll(phaseOne.trials());
            phaseOne.trials().forEach(r -> r.toTrial().ifPresent(phaseOneTrials::add));
        }
        if (budget > reEvaluated) {
            List<Trial> prior = new ArrayList<>(calibrated(plan.parentTrials(), phaseOneTrials));
            prior.addAll(phaseOneTrials);
            SearchResult phaseTwo = SearchLoop.builder(space, optimizer, objective).maxTrials(budget - reEvaluated)
                    .maxParallel(parallel).seed(seed + 1).firstIndex(reEvaluated).priorHistory(prior)
                    .onTrial(onTrial).build().run();
            records.addAll(phaseTwo.trials());
        }
        Optional<Trial> best = records.stream().map(TrialRecord::toTrial).flatMap(Optional::stream)
                .min(Comparator.comparingDouble(Trial::objective));
        return new SearchResult(best, records);
    }

    /** Parent trials rescaled to the new data's loss level; empty when no re-evaluation gives a usable ratio. */
    static List<Trial> calibrated(List<Trial> parentTrials, List<Trial> reEvaluations) {
        Map<Configuration, Double> parentObjective = new HashMap<>();
        for (Trial t : parentTrials) {
            parentObjective.merge(t.config(), t.objective(), Math::min);
        }
        double[] ratios = reEvaluations.stream()
                .filter(t -> parentObjective.getOrDefault(t.config(), 0.0) > 0)
                .mapToDouble(t -> t.objective() / parentObjective.get(t.config()))
                .filter(r -> Double.isFinite(r) && r > 0)
                .sorted().toArray();
        if (ratios.length == 0) {
            return List.of();
        }
        double scale = median(ratios);
        return parentTrials.stream().map(t -> new Trial(t.config(), t.objective() * scale, t.origin())).toList();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
