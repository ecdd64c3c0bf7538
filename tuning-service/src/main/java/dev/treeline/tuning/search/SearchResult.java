package dev.treeline.tuning.search;

import java.util.List;
import java.util.Optional;

/**
 * Outcome of a {@link SearchLoop} run. {@code best} is the lowest-objective trial of <em>this</em> run (parent
 * trials are not candidates: they may come from other data), empty if every trial failed.
 */
public record SearchResult(Optional<Trial> best, List<TrialRecord> trials) {

    public SearchResult {
        if (best == null || trials == null) {
            throw new IllegalArgumentException("best and trials must not be null");
        }
        trials = List.copyOf(trials);
    }

    public long failedCount() {
        return trials.stream().filter(r -> !r.succeeded()).count();
    }
}
