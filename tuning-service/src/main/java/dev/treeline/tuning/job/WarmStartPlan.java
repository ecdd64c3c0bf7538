package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.List;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.SearchSpace;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.search.WarmStart;

/**
 * How a job uses its parents.
 * <ul>
 *   <li>No parents: {@link WarmStartType#NONE}, a cold search.</li>
 *   <li>Every parent trained on the same dataset (equal dataset hash): {@link WarmStartType#IDENTICAL_DATA_AND_ALGORITHM};
 *       the parents' trials join the optimiser's history as they are (objectives are comparable), and the parents'
 *       best trials compete with the job's own for its best ({@link BestTrialChoice}).</li>
 *   <li>Otherwise {@link WarmStartType#TRANSFER_LEARNING}: the parents' best configurations are re-evaluated first on
 *       the new data, then the parents' trials, with their own objectives, give the prior of
 *       {@link dev.treeline.tuning.search.TransferGpOptimizer} next to the job's own trials (see {@link JobSearch}).</li>
 * </ul>
 * Parent trials are adapted to today's search space first ({@link WarmStart#prepareParentTrials}: out-of-range
 * values clipped or the trial dropped, per {@code outOfRangePolicy}; trials missing a searched parameter dropped).
 */
public record WarmStartPlan(WarmStartType type, List<String> parentNames, List<Trial> parentTrials,
                            List<Configuration> bestConfigurations, List<BestCandidate> parentBests) {

    public WarmStartPlan {
        parentNames = List.copyOf(parentNames);
        parentTrials = List.copyOf(parentTrials);
        bestConfigurations = List.copyOf(bestConfigurations);
        parentBests = List.copyOf(parentBests);
    }

    public WarmStartPlan(WarmStartType type, List<String> parentNames, List<Trial> parentTrials,
                         List<Configuration> bestConfigurations) {
        this(type, parentNames, parentTrials, bestConfigurations, List.of());
    }

    public static WarmStartPlan cold() {
        return new WarmStartPlan(WarmStartType.NONE, List.of(), List.of(), List.of());
    }

    public static WarmStartPlan of(String datasetHash, List<ParentJob> parents, SearchSpace space,
                                   OutOfRangePolicy policy, int bestToReEvaluate) {
        if (parents.isEmpty()) {
            return cold();
        }
        List<String> names = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        List<BestCandidate> bests = new ArrayList<>();
        boolean identical = true;
        for (ParentJob p : parents) {
            names.add(p.name());
            trials.addAll(p.trials());
            p.best().ifPresent(bests::add);
            identical &= datasetHash.equals(p.datasetHash());
        }
        List<Trial> prepared = WarmStart.prepareParentTrials(trials, space, policy);
        if (identical) {
            return new WarmStartPlan(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, names, prepared, List.of(), bests);
        }
        return new WarmStartPlan(WarmStartType.TRANSFER_LEARNING, names, prepared,
                WarmStart.bestConfigurations(prepared, bestToReEvaluate));
    }

    /** Trials of a job with {@code budget} trials that re-evaluate a parent's best configuration (indices 0..n-1). */
    public int reEvaluated(int budget) {
        return Math.min(budget, bestConfigurations.size());
    }
}
