package dev.treeline.dataprep.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.extract.InvalidQueryException;
import dev.treeline.dataprep.extract.NamedParameters;
import dev.treeline.events.ModelGroupNames;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import io.quarkus.runtime.StartupEvent;

/** A wrong spec stops the service at start-up with every problem, each naming the spec and the field. */
@ApplicationScoped
public class ModelSpecValidator {

    static final Set<String> OBJECTIVES = Set.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror",
            "binary:logistic", "reg:logistic", "count:poisson");

    void onStart(@Observes StartupEvent event, ModelSpecs specs, DataPrepConfig config) {
        List<String> problems = new ArrayList<>(validate(specs.models()));
        statementTimeoutProblem(config.warehouse().statementTimeout()).ifPresent(problem -> problems.add(
                "treeline.data-prep.warehouse.statement-timeout: " + problem));
        if (!problems.isEmpty()) {
            throw new InvalidModelSpecsException(problems);
        }
    }

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            CronType.QUARTZ));

    public static List<String> validate(Map<String, ModelSpecs.ModelSpec> models) {
        List<String> problems = new ArrayList<>();
        models.forEach((name, spec) -> {
            String at = "model spec '" + name + "' ";
            if (!ModelGroupNames.isValid(name)) {
                problems.add(at + "name: " + ModelGroupNames.RULE);
            }
            if (!OBJECTIVES.contains(spec.objective())) {
                problems.add(at + "objective: '" + spec.objective() + "' is not one of " + OBJECTIVES);
            }
            try {
                NamedParameters parsed = NamedParameters.parse(spec.query());
                if (!parsed.names().containsAll(NamedParameters.WINDOW)) {
                    problems.add(at + "query: must use both :dateStart and :dateEnd (found " + parsed.names() + ")");
                }
            } catch (InvalidQueryException e) {
                problems.add(at + "query: " + e.getMessage());
            }
            if (spec.window().pushbackDays() < 0) {
                problems.add(at + "window.pushback-days: must be zero or more");
            }
            ModelSpecs.Split split = spec.split();
            double sum = split.train() + split.validation() + split.test();
            if (split.train() <= 0 || split.validation() < 0 || split.test() <= 0 || Math.abs(sum - 1.0) > 1e-9) {
                problems.add(at + "split: train > 0, validation >= 0, test > 0 and they must add up to 1 (got "
                        + split.train() + " + " + split.validation() + " + " + split.test() + ")");
            }
            if (spec.labelColumn().isBlank()) {
                problems.add(at + "label-column: must not be blank");
            }
            spec.featureColumns().ifPresent(features -> {
                if (features.contains(spec.labelColumn())) {
                    problems.add(at + "feature-columns: must not contain the label column '" + spec.labelColumn()
                            + "'");
                }
                if (Set.copyOf(features).size() != features.size()) {
                    problems.add(at + "feature-columns: a column is listed twice");
                }
            });
            spec.schedule().ifPresent(cron -> {
                try {
                    // Quarkus Scheduler reads Quartz-style cron (seconds first).
                    QUARTZ.parse(cron).validate();
                } catch (RuntimeException e) {
                    problems.add(at + "schedule: '" + cron + "' is not a valid cron expression (" + e.getMessage()
                            + ")");
                }
            });
            if (spec.drift().threshold() < 0) {
                problems.add(at + "drift.threshold: must be zero or more");
            }
            if (spec.drift().cooldown().isNegative()) {
                problems.add(at + "drift.cooldown: must not be negative");
            }
            spec.statementTimeout().flatMap(ModelSpecValidator::statementTimeoutProblem)
                    .ifPresent(problem -> problems.add(at + "statement-timeout: " + problem));
        });
        return problems;
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
