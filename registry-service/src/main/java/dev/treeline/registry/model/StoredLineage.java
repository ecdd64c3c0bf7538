package dev.treeline.registry.model;

import java.util.List;
import java.util.Map;

import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;

/**
 * Where a version came from, as TuningCompleted reported it: the warehouse layer, query and window
 * that produced the data, the dataset objects with their SHA-256, and the tuning job's ancestry.
 */
public record StoredLineage(
        String layer,
        List<String> featureNames,
        DateWindow window,
        String query,
        Map<String, Object> queryParameters,
        DatasetSplits datasets,
        List<String> parentTuningJobs,
        WarmStartType warmStartType,
        TuningStrategy strategy,
        int trialCount) {
}
