package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.ObjectiveFunction;
import dev.treeline.tuning.search.Optimizer;
import dev.treeline.tuning.search.SearchLoop;
import dev.treeline.tuning.search.SearchResult;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.TpeOptimizer;
import dev.treeline.tuning.search.TransferGpOptimizer;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.TrialRecord;

/**
 * Runs a job's whole search under its warm-start plan, with indices 0..budget-1.
 *
 * <p>Transfer learning runs in two phases. Phase 1 re-evaluates the parents' best configurations on the new data.
 * Phase 2 searches the rest of the budget with {@link TransferGpOptimizer} (when the job's strategy is Bayesian): a
 * Gaussian process fitted to the parents' trials, on their own scale, is the prior mean; its scale on the new data is
 * estimated from the job's own trials (zero once they contradict it), and a residual GP on the job's own trials
 * corrects it; expected improvement picks the next configuration. A random-search job ignores the history. Phase 2
 * uses seed + 1 so its random stream differs from phase 1's.
 */
public final class JobSearch {

    private JobSearch() {
    }

    public static SearchResult run(SearchSpace space, Optimizer optimizer, ObjectiveFunction objective,
                                   WarmStartPlan plan, int budget, int parallel, long seed,
                                   Consumer<TrialRecord> onTrial) {
        return run(space, optimizer, objective, plan, budget, parallel, seed, TransferGpOptimizer.Settings.defaults(),
                onTrial);
    }

    /** As above with explicit transfer settings (the benchmark's sensitivity runs). */
    public static SearchResult run(SearchSpace space, Optimizer optimizer, ObjectiveFunction objective,
                                   WarmStartPlan plan, int budget, int parallel, long seed,
                                   TransferGpOptimizer.Settings transfer, Consumer<TrialRecord> onTrial) {
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
            // parent trials keep their own objectives (origin PARENT): the transfer optimiser models them on their own scale
            List<Trial> prior = new ArrayList<>(plan.parentTrials());
            prior.addAll(phaseOneTrials);
            Optimizer phaseTwoOptimizer = optimizer instanceof TpeOptimizer
                    ? new TransferGpOptimizer(space, transfer) : optimizer;
            SearchResult phaseTwo = SearchLoop.builder(space, phaseTwoOptimizer, objective)
                    .maxTrials(budget - reEvaluated).maxParallel(parallel).seed(seed + 1).firstIndex(reEvaluated)
                    .priorHistory(prior).onTrial(onTrial).build().run();
            records.addAll(phaseTwo.trials());
        }
        Optional<Trial> best = records.stream().map(TrialRecord::toTrial).flatMap(Optional::stream)
                .min(Comparator.comparingDouble(Trial::objective));
        return new SearchResult(best, records);
    }
}
