package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Refuses to start with a tuning configuration that would only fail later, naming the key: fewer than one
 * concurrent job or core, and any old per-model key ({@code treeline.tuning.models."<model>".*}, also as an
 * environment variable {@code TREELINE_TUNING_MODELS_...}): per-model settings now come with each job's DatasetReady,
 * from the model definition's tuning section, and a key left behind would silently do nothing.
 *
 * <p>Observed before the messaging connectors start ({@code PLATFORM_BEFORE}), so a refused start consumes nothing.
 */
@ApplicationScoped
public class TuningConfigValidator {

    static final String LEGACY_PREFIX = "treeline.tuning.models.";
    private static final String LEGACY_ENV_PREFIX = "TREELINE_TUNING_MODELS_";

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, TuningConfig tuning,
                 Config config) {
        List<String> problems = problems(tuning, config.getPropertyNames());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid tuning configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(TuningConfig config, Iterable<String> propertyNames) {
        List<String> problems = new ArrayList<>();
        legacyModelKey(propertyNames).ifPresent(key -> problems.add(key + " is no longer read: per-model tuning"
                + " settings now live in the model definition's tuning section; convert old properties with"
                + " `treeline models convert`"));
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

    /**
     * The first old per-model key set (in name order, so the message is stable): a property, with or without a
     * profile ({@code %test.treeline.tuning.models...}), or an environment variable.
     */
    static Optional<String> legacyModelKey(Iterable<String> propertyNames) {
        return StreamSupport.stream(propertyNames.spliterator(), false).filter(TuningConfigValidator::isLegacy)
                .sorted().findFirst();
    }

    private static boolean isLegacy(String name) {
        String unprofiled = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1)
                : name;
        return unprofiled.startsWith(LEGACY_PREFIX) || name.toUpperCase(Locale.ROOT).startsWith(LEGACY_ENV_PREFIX);
    }
}
