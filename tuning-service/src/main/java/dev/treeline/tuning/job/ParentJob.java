package dev.treeline.tuning.job;

import java.util.List;

import dev.treeline.tuning.search.Trial;

/** A selected parent tuning job: its name, dataset hash and successful trials (configuration, objective). */
public record ParentJob(String name, String datasetHash, List<Trial> trials) {

    public ParentJob {
        trials = List.copyOf(trials);
    }
}
