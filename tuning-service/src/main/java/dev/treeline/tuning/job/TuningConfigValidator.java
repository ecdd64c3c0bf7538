package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Refuses to start with a tuning configuration that would only fail later, or silently do nothing, naming the key:
 * fewer than one concurrent job or core, and any old per-model key ({@link LegacyModelKeys}): per-model settings
 * now come with each job's DatasetReady, from the model definition's tuning section.
 *
 * <p>Observed before the messaging connectors start ({@code PLATFORM_BEFORE}), so a refused start consumes nothing.
 */
@ApplicationScoped
public class TuningConfigValidator {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, TuningConfig tuning,
                 Config config) {
        List<String> problems = problems(tuning, LegacyModelKeys.first(config));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid tuning configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(TuningConfig config, Optional<String> legacyKey) {
        List<String> problems = new ArrayList<>();
        legacyKey.ifPresent(key -> problems.add(key + " is no longer read: per-model tuning settings now live in the"
                + " model definition's tuning section; convert old properties with `treeline models convert`"));
        if (config.maxConcurrentJobs() < 1) {
            problems.add("treeline.tuning.max-concurrent-jobs must be >= 1, got " + config.maxConcurrentJobs());
        }
        config.cores().ifPresent(c -> {
            if (c < 1) {
                problems.add("treeline.tuning.cores must be >= 1, got " + c);
            }
        });
        return problems;
    }
}
