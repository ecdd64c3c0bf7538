package dev.treeline.dataprep;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Settings the service refuses to start with: the old model specs ({@code treeline.models."<group>".*}, replaced by
 * model definitions, issue 15) and an unusable warehouse statement timeout.
 */
@ApplicationScoped
public class StartupChecks {

    /** Before anything reads definitions or registers schedules. */
    public static final int PRIORITY = 10;
    static final String OLD_PREFIX = "treeline.models.";
    static final String OLD_ENV_PREFIX = "TREELINE_MODELS_";

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event, Config config, DataPrepConfig dataPrep) {
        oldModelSpecsProblem(config.getPropertyNames()).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        statementTimeoutProblem(dataPrep.warehouse().statementTimeout()).ifPresent(problem -> {
            throw new IllegalStateException("treeline.data-prep.warehouse.statement-timeout: " + problem);
        });
    }

    /** The first old model spec key, and what to do about it; empty when there is none. */
    public static Optional<String> oldModelSpecsProblem(Iterable<String> propertyNames) {
        return StreamSupport.stream(propertyNames.spliterator(), false)
                .filter(name -> name.startsWith(OLD_PREFIX) || name.toUpperCase(Locale.ROOT).startsWith(OLD_ENV_PREFIX))
                .sorted().findFirst()
                .map(key -> "model specs in properties are no longer read: found '" + key + "'. Convert them to"
                        + " definition files with 'treeline models convert --data-prep FILE --out DIR', then apply"
                        + " the folder (treeline.definitions.dir or 'treeline models apply -f DIR') and remove every"
                        + " treeline.models.* property");
    }

    /** Why a warehouse statement timeout is unusable: PostgreSQL takes 1 ms up to Integer.MAX_VALUE ms. */
    public static Optional<String> statementTimeoutProblem(Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.toMillis() > Integer.MAX_VALUE) {
            return Optional.of("must be between 1 ms and " + Duration.ofMillis(Integer.MAX_VALUE) + " (got " + timeout
                    + ")");
        }
        return Optional.empty();
    }
}
