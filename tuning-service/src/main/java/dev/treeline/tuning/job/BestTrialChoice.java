package dev.treeline.tuning.job;

import java.util.Comparator;
import java.util.List;

import dev.treeline.events.WarmStartType;

/**
 * Picks a completed job's best trial. On identical data (and algorithm) a parent's best is as valid a result as the
 * job's own trials, so a child must never end worse than its parent: its best is the better of its own best trial and
 * its parents' best trials. A parent wins ties, so a retrain that found nothing better ships the parent's model again
 * (retrained from the same configuration with the same seed) instead of a model that only differs by its seed. On
 * other data a parent's value says nothing about this job's: its own best is the best.
 */
public final class BestTrialChoice {

    private BestTrialChoice() {
    }

    public static BestCandidate choose(WarmStartType warmStart, BestCandidate own, List<BestCandidate> parentBests) {
        if (warmStart != WarmStartType.IDENTICAL_DATA_AND_ALGORITHM || parentBests.isEmpty()) {
            return own;
        }
        BestCandidate parent = parentBests.stream().min(Comparator.comparingDouble(BestCandidate::value)).orElseThrow();
        return parent.value() <= own.value() ? parent : own;
    }
}
