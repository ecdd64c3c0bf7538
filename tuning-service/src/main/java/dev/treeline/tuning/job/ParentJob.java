package dev.treeline.tuning.job;

import java.util.List;
import java.util.Optional;

import dev.treeline.tuning.search.Trial;

/**
 * A selected parent tuning job: its name, dataset hash, successful trials (configuration, objective) and its best
 * (what its shipped model was trained from; empty when it is not recorded).
 */
public record ParentJob(String name, String datasetHash, List<Trial> trials, Optional<BestCandidate> best) {

    public ParentJob {
        trials = List.copyOf(trials);
    }

    public ParentJob(String name, String datasetHash, List<Trial> trials) {
        this(name, datasetHash, trials, Optional.empty());
    }
}
