package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.treeline.events.ModelGroupNames;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start with a tuning configuration that would only fail later, naming the key: budgets below one,
 * more than 5 parents, ranges the search space rejects (e.g. min above max, LOG scale from 0).
 */
@ApplicationScoped
public class TuningConfigValidator {

    static final int MAX_PARENTS_LIMIT = 5;

    void onStart(@Observes StartupEvent event, TuningConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.maxConcurrentJobs() < 1) {
            problems.add("treeline.tuning.max-concurrent-jobs must be >= 1, got " + config.maxConcurrentJobs());
        }
        config.cores().ifPresent(c -> {
            if (c < 1) {
                problems.add("treeline.tuning.cores must be >= 1, got " + c);
            }
        });
        for (Map.Entry<String, TuningConfig.ModelTuning> e : config.models().entrySet()) {
            problems.addAll(problems(e.getKey(), e.getValue()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid tuning configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(String model, TuningConfig.ModelTuning t) {
        String key = "treeline.tuning.models.\"" + model + "\".";
        List<String> problems = new ArrayList<>();
        if (!ModelGroupNames.isValid(model)) {
            problems.add("treeline.tuning.models.\"" + model + "\" is not a valid model group name");
        }
        if (t.maxJobs() < 1) {
            problems.add(key + "max-jobs must be >= 1, got " + t.maxJobs());
        }
        if (t.maxParallelJobs() < 1) {
            problems.add(key + "max-parallel-jobs must be >= 1, got " + t.maxParallelJobs());
        }
        if (t.earlyStoppingRounds() < 0) {
            problems.add(key + "early-stopping-rounds must be >= 0, got " + t.earlyStoppingRounds());
        }
        if (t.maxParents() < 0 || t.maxParents() > MAX_PARENTS_LIMIT) {
            problems.add(key + "max-parents must be between 0 and " + MAX_PARENTS_LIMIT + ", got " + t.maxParents());
        }
        if (t.transferBestConfigurations() < 0) {
            problems.add(key + "transfer-best-configurations must be >= 0, got " + t.transferBestConfigurations());
        }
        try {
            SearchSpaces.forModel(t);
        } catch (IllegalArgumentException e) {
            problems.add(key + "ranges / static-parameters: " + e.getMessage());
        }
        return problems;
    }
}
