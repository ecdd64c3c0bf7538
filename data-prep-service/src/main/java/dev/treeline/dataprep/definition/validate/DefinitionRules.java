package dev.treeline.dataprep.definition.validate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import dev.treeline.dataprep.extract.InvalidQueryException;
import dev.treeline.dataprep.extract.NamedParameters;
import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.DriftSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.Objectives;
import dev.treeline.events.definition.SplitSpec;
import dev.treeline.events.definition.TaskSection;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * What the schema cannot say about a bound definition: fields that must fit each other (split fractions, range
 * bounds, column roles, metric and objective), a cron expression the scheduler accepts, a query with both window
 * parameters, and dates and durations that make sense. Every check looks only at what is there (a section the
 * schema refused may be missing).
 */
final class DefinitionRules {

    /** The scheduler's cron syntax: Quarkus parses schedules as Quartz cron (seconds first) with cron-utils. */
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final double SPLIT_TOLERANCE = 1e-9;

    private DefinitionRules() {
    }

    static List<Violation> check(ModelDefinition definition, LocalDate today) {
        List<Violation> problems = new ArrayList<>();
        schedule(definition.schedule(), problems);
        if (definition.data() != null) {
            data(definition.data(), today, problems);
        }
        if (definition.task() != null) {
            task(definition.task(), definition.data(), problems);
        }
        if (definition.tuning() != null) {
            ranges(definition.tuning(), problems);
        }
        drift(definition.drift(), problems);
        return problems;
    }

    private static void schedule(String schedule, List<Violation> problems) {
        if (schedule == null) {
            return;
        }
        try {
            CRON.parse(schedule).validate();
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("schedule", "'" + schedule + "' is not a Quartz cron expression (six or seven"
                    + " fields, seconds first, '?' in day-of-month or day-of-week; e.g. '0 0 3 * * ?' is 03:00 every"
                    + " day): " + e.getMessage()));
        }
    }

    private static void data(DataSection data, LocalDate today, List<Violation> problems) {
        query(data.query(), problems);
        if (data.window() != null && data.window().start() != null && data.window().start().isAfter(today)) {
            problems.add(new Violation("data.window.start", data.window().start() + " is in the future (today is "
                    + today + "): the window would be empty"));
        }
        split(data.split(), problems);
        roles(data, problems);
        Duration timeout = data.statementTimeout();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            problems.add(new Violation("data.statement-timeout", "must be longer than zero (not " + timeout + ")"));
        }
    }

    private static void query(String query, List<Violation> problems) {
        if (query == null || query.isBlank()) {
            return; // the schema says so
        }
        try {
            Set<String> names = NamedParameters.parse(query).names();
            for (String name : List.of(NamedParameters.DATE_START, NamedParameters.DATE_END)) {
                if (!names.contains(name)) {
                    problems.add(new Violation("data.query", "the query does not use :" + name + "; it must use"
                            + " both :dateStart and :dateEnd, bound to the window's first and last day"));
                }
            }
        } catch (InvalidQueryException e) {
            problems.add(new Violation("data.query", e.getMessage()));
        }
    }

    private static void split(SplitSpec split, List<Violation> problems) {
        if (split == null || split.train() == null || split.validation() == null || split.test() == null) {
            return;
        }
        double sum = split.train() + split.validation() + split.test();
        if (Math.abs(sum - 1) > SPLIT_TOLERANCE) {
            problems.add(new Violation("data.split", "train, validation and test must add up to 1; they add up to "
                    + new BigDecimal(sum).round(new MathContext(12)).stripTrailingZeros().toPlainString()));
        }
    }

    /**
     * Label, key, group, weight, feature and ignored are roles: a column has one (the key may also be a listed
     * feature); categorical-columns names features only.
     */
    private static void roles(DataSection data, List<Violation> problems) {
        String label = data.labelColumn();
        String key = data.keyColumn();
        if (label != null && label.equals(key)) {
            problems.add(new Violation("data.key-column", "'" + key + "' is also the label column; the key only"
                    + " places rows in splits, use another column (an id)"));
        }
        Set<String> features = new HashSet<>(data.featureColumns());
        if (label != null && features.contains(label)) {
            problems.add(new Violation("data.feature-columns", "lists the label column '" + label + "'; a model"
                    + " cannot learn its label from itself"));
        }
        for (String ignored : data.ignoreColumns()) {
            if (ignored.equals(label)) {
                problems.add(new Violation("data.ignore-columns", "lists the label column '" + label + "'"));
            } else if (ignored.equals(key)) {
                problems.add(new Violation("data.ignore-columns", "lists the key column '" + key + "', which places"
                        + " rows in splits; the key is never a feature unless feature-columns lists it"));
            } else if (features.contains(ignored)) {
                problems.add(new Violation("data.ignore-columns", "lists '" + ignored + "', which feature-columns"
                        + " lists too; a column is either a feature or ignored"));
            }
        }
        Map<String, String> roles = new java.util.LinkedHashMap<>();
        if (label != null) {
            roles.put(label, "the label column");
        }
        if (key != null) {
            roles.putIfAbsent(key, "the key column");
        }
        for (String ignored : data.ignoreColumns()) {
            roles.putIfAbsent(ignored, "ignored (data.ignore-columns)");
        }
        ownRole("data.group-column", "group", data.groupColumn(), roles, features, problems);
        if (data.groupColumn() != null) {
            roles.putIfAbsent(data.groupColumn(), "the group column");
        }
        ownRole("data.weight-column", "weight", data.weightColumn(), roles, features, problems);
        if (data.weightColumn() != null) {
            roles.putIfAbsent(data.weightColumn(), "the weight column");
        }
        for (String categorical : data.categoricalColumns()) {
            String role = roles.get(categorical);
            if (role != null && !(categorical.equals(key) && features.contains(key))) {
                problems.add(new Violation("data.categorical-columns", "lists '" + categorical + "', which is not a"
                        + " feature (it is " + role + "); list only feature columns there"));
            } else if (role == null && !features.isEmpty() && !features.contains(categorical)) {
                problems.add(new Violation("data.categorical-columns", "lists '" + categorical + "', which is not a"
                        + " feature (feature-columns does not list it); list only feature columns there"));
            }
        }
    }

    /** The group and the weight column are roles of their own: not the label, key, a feature or ignored. */
    private static void ownRole(String field, String what, String column, Map<String, String> roles,
            Set<String> features, List<Violation> problems) {
        if (column == null) {
            return;
        }
        if (roles.containsKey(column)) {
            problems.add(new Violation(field, "'" + column + "' is also " + roles.get(column) + "; the " + what
                    + " column has a role of its own, use another column"));
        } else if (features.contains(column)) {
            problems.add(new Violation(field, "'" + column + "' is listed in feature-columns too; the " + what
                    + " column is not a feature, remove it from feature-columns"));
        }
    }

    private static void task(TaskSection task, DataSection data, List<Violation> problems) {
        Objectives.find(task.objective()).ifPresent(objective -> {
            if (task.objectiveMetric() != null && !objective.allows(task.objectiveMetric())) {
                problems.add(new Violation("task.objective-metric", task.objectiveMetric() + " does not fit "
                        + task.objective() + "; use one of " + String.join(", ", objective.metrics())
                        + (objective.metrics().stream().anyMatch(m -> m.endsWith("@k")) ? " (k a positive integer)"
                                : "")));
            }
            boolean ranking = objective.family() == Objectives.Family.RANKING;
            String group = data == null ? null : data.groupColumn();
            if (ranking && data != null && group == null) {
                problems.add(new Violation("task.objective", task.objective() + " needs data.group-column: the"
                        + " query id column (rows of one query are ranked against each other)"));
            }
            if (!ranking && group != null) {
                problems.add(new Violation("data.group-column", "'" + group + "' groups rows for ranking; "
                        + task.objective() + " is not a ranking objective (rank:ndcg, rank:pairwise, rank:map):"
                        + " remove group-column or list the column under ignore-columns"));
            }
            if (task.positiveClass() != null && objective.family() != Objectives.Family.BINARY) {
                problems.add(new Violation("task.positive-class", "is for binary objectives with a text label; "
                        + task.objective() + " is not binary: remove positive-class"));
            }
        });
    }

    private static void ranges(TuningSection tuning, List<Violation> problems) {
        for (Map.Entry<String, TuningSection.RangeSpec> entry : tuning.ranges().entrySet()) {
            String at = "tuning.ranges." + entry.getKey();
            TuningSection.RangeSpec range = entry.getValue();
            if (range == null) {
                continue;
            }
            if (!(range.min() < range.max())) {
                problems.add(new Violation(at + ".min", "min (" + number(range.min()) + ") must be less than max ("
                        + number(range.max()) + ")"));
            }
            if (range.scale() == TuningSection.Scale.LOG && !(range.min() > 0)) {
                problems.add(new Violation(at + ".min", "a LOG range needs min > 0 (not " + number(range.min())
                        + ")"));
            }
            if (Boolean.TRUE.equals(range.integer())) {
                for (String bound : List.of("min", "max")) {
                    double value = bound.equals("min") ? range.min() : range.max();
                    if (value != Math.rint(value)) {
                        problems.add(new Violation(at + "." + bound, "an integer range needs whole-number bounds"
                                + " (not " + number(value) + ")"));
                    }
                }
            }
        }
    }

    private static void drift(DriftSection drift, List<Violation> problems) {
        if (drift != null && drift.cooldown() != null && drift.cooldown().isNegative()) {
            problems.add(new Violation("drift.cooldown", "must not be negative (not " + drift.cooldown() + ")"));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
