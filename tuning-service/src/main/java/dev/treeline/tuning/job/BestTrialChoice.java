package dev.treeline.tuning.job;

import java.util.Comparator;
import java.util.List;

import dev.treeline.events.WarmStartType;
import dev.treeline.tuning.search.Direction;

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

    /** As below for a minimised metric (every loss). */
    public static BestCandidate choose(WarmStartType warmStart, BestCandidate own, List<BestCandidate> parentBests) {
        return choose(warmStart, Direction.MINIMIZE, own, parentBests);
    }

    /**
     * The better of the job's own best and its parents' bests; values are the metric as reported, compared in
     * {@code direction} (the highest AUC, the lowest loss wins).
     */
    public static BestCandidate choose(WarmStartType warmStart, Direction direction, BestCandidate own,
                                       List<BestCandidate> parentBests) {
        if (warmStart != WarmStartType.IDENTICAL_DATA_AND_ALGORITHM || parentBests.isEmpty()) {
            return own;
        }
        Comparator<BestCandidate> better = Comparator.comparingDouble(c -> direction.toObjective(c.value()));
        BestCandidate parent = parentBests.stream().min(better).orElseThrow();
        return better.compare(parent, own) <= 0 ? parent : own;
    }
}
