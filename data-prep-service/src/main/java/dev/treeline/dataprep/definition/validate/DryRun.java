package dev.treeline.dataprep.definition.validate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.extract.ColumnUsage;
import dev.treeline.dataprep.extract.DatasetExtractor;
import dev.treeline.dataprep.extract.ExtractionException;
import dev.treeline.dataprep.extract.ExtractionFailure;
import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.dataprep.extract.InvalidQueryException;
import dev.treeline.dataprep.extract.LabelRule;
import dev.treeline.dataprep.extract.NamedParameters;
import dev.treeline.dataprep.extract.WarehouseQueries;
import dev.treeline.events.DateWindow;
import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * Executes a definition's query against the warehouse for a small window or row limit and reports the columns it
 * got, their types, how each would be used, the rows in the window, and what is wrong.
 *
 * <p>The query runs as a run's extraction does ({@link WarehouseQueries}: read-only transaction, the definition's
 * statement timeout, the window of today bound), reads at most {@code rowLimit} rows, and its columns are
 * classified by {@link ColumnUsage}, so a definition the dry run finds no problem with does not fail a run on its
 * columns. The rows in the window are counted by a second query, bounded by the same timeout. A failing query is a
 * problem of {@code data.query} with the warehouse's message, never an exception.
 */
@ApplicationScoped
public class DryRun {

    private static final String QUERY = "data.query";
    private static final int MAX_FETCH = 1_000;

    private final WarehouseQueries warehouse;
    private final Clock clock;

    public DryRun(WarehouseQueries warehouse, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
    }

    /**
     * @param definition a definition that passed {@link DefinitionValidator}
     * @param rowLimit   rows read at most (the count of rows in the window is a separate, bounded query)
     */
    public DryRunReport run(ModelDefinition definition, int rowLimit) {
        int limit = Math.max(1, rowLimit);
        DataSection data = definition.data();
        List<Violation> problems = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DateWindow window = new DateWindow(data.window().start(), today.minusDays(data.window().pushbackDays()));
        try {
            DatasetExtractor.windowFor(data.window(), today);
        } catch (ExtractionException e) {
            problems.add(new Violation("data.window.start", e.getMessage()));
        }
        NamedParameters query;
        try {
            query = NamedParameters.parse(data.query());
        } catch (InvalidQueryException e) {
            problems.add(new Violation(QUERY, e.getMessage()));
            return report(window, null, limit, List.of(), problems);
        }
        Duration timeout = warehouse.timeoutFor(data);
        String objective = definition.task().objective();
        String positiveClass = definition.task().positiveClass();
        Sample sample;
        try {
            sample = warehouse.read(query, window, timeout,
                    new WarehouseQueries.Reading(Math.min(limit, MAX_FETCH), limit), (rs, postgres) -> {
                        List<ColumnUsage.ResultColumn> columns = ColumnUsage.ResultColumn.of(rs.getMetaData());
                        return read(rs, ColumnUsage.classify(columns, data, objective, positiveClass), definition);
                    });
        } catch (RuntimeException e) {
            problems.add(new Violation(QUERY, failure(e)));
            return report(window, null, limit, List.of(), problems);
        }
        Long rows = count(query, window, timeout, problems);
        ColumnUsage.Classified classified = sample.classified();
        for (ColumnUsage.Problem problem : classified.problems()) {
            problems.add(new Violation(problem.field(), problem.message()));
        }
        if (classified.fits()) {
            problems.addAll(sample.problems());
        }
        Map<String, Boolean> categorical = new HashMap<>();
        for (int f = 0; f < classified.features().size(); f++) {
            categorical.put(classified.features().get(f), classified.categorical().get(f));
        }
        List<DryRunReport.Column> columns = classified.columns().stream().map(c -> {
            Boolean isCategorical = c.usage() == ColumnUsage.Usage.FEATURE ? categorical.get(c.column().name())
                    : null;
            Set<String> distinct = sample.distinct().get(c.column().name());
            return new DryRunReport.Column(c.column().name(), c.column().typeName(), c.usage().label(),
                    isCategorical == null ? null : isCategorical ? "categorical" : "numeric",
                    distinct == null ? null : distinct.size());
        }).toList();
        return report(window, rows, limit, columns, problems);
    }

    /**
     * What the sample rows say beyond the columns: the distinct values of every categorical feature and of a text
     * label, and the first value a run would fail on (a label the objective does not take, a third class of a binary
     * text label, a missing or negative weight, a categorical feature over the cap).
     */
    private record Sample(ColumnUsage.Classified classified, Map<String, Set<String>> distinct,
            List<Violation> problems) {
    }

    private static Sample read(ResultSet rs, ColumnUsage.Classified classified, ModelDefinition definition)
            throws SQLException {
        DataSection data = definition.data();
        String objective = definition.task().objective();
        LabelRule labels = LabelRule.of(objective);
        int label = classified.labelIndex();
        boolean numericLabel = label > 0 && classified.columns().get(label - 1).column().numeric();
        Map<String, Set<String>> distinct = new LinkedHashMap<>();
        Map<Integer, Set<String>> byIndex = new LinkedHashMap<>();
        int[] featureIndexes = classified.fits() ? classified.featureIndexes() : new int[0];
        for (int f = 0; f < featureIndexes.length; f++) {
            if (classified.categorical().get(f)) {
                Set<String> values = new HashSet<>();
                distinct.put(classified.features().get(f), values);
                byIndex.put(featureIndexes[f], values);
            }
        }
        Set<String> classes = null;
        if (classified.textLabel()) {
            classes = new LinkedHashSet<>();
            distinct.put(data.labelColumn(), classes);
        }
        int weight = classified.fits() ? classified.weightIndex() : 0;
        String badLabel = null;
        String badWeight = null;
        long row = 0;
        while (rs.next()) {
            // the rows are read, so errors raised while producing them surface here too
            row++;
            String value = label == 0 ? null : rs.getString(label);
            if (value == null || (classes != null && value.isEmpty())) {
                continue; // no label: a run skips the row
            }
            if (numericLabel && badLabel == null) {
                long at = row;
                badLabel = labels.problem(value.getBytes(StandardCharsets.UTF_8))
                        .map(p -> "row " + at + " of the sample: " + p).orElse(null);
            }
            if (classes != null) {
                classes.add(value);
            }
            if (weight > 0 && badWeight == null) {
                double w = rs.getDouble(weight);
                if (rs.wasNull() || Double.isNaN(w)) {
                    badWeight = "row " + row + " of the sample has no weight (weight column '" + data.weightColumn()
                            + "' is NULL or NaN): every row needs a weight >= 0";
                } else if (w < 0) {
                    badWeight = "row " + row + " of the sample: weight " + rs.getString(weight) + " in weight column '"
                            + data.weightColumn() + "' is negative: sample weights are numbers >= 0";
                }
            }
            for (Map.Entry<Integer, Set<String>> column : byIndex.entrySet()) {
                String category = rs.getString(column.getKey());
                if (category != null && !category.isEmpty() && !category.equals("NaN")) {
                    column.getValue().add(category);
                }
            }
        }
        List<Violation> problems = new ArrayList<>();
        if (badLabel != null) {
            problems.add(new Violation("data.label-column", badLabel));
        }
        if (classes != null) {
            labelClasses(objective, definition.task().positiveClass(), data.labelColumn(), classes, problems);
        }
        if (badWeight != null) {
            problems.add(new Violation("data.weight-column", badWeight));
        }
        int cap = data.categoryCap();
        for (int f = 0; f < featureIndexes.length; f++) {
            String feature = classified.features().get(f);
            Set<String> values = distinct.get(feature);
            if (values != null && values.size() > cap) {
                problems.add(new Violation(data.categoricalColumns().contains(feature) ? "data.categorical-columns"
                        : "data.feature-columns", "categorical feature '" + feature + "' has " + values.size()
                        + " distinct values in the " + row + " sampled rows, more than data.max-categories (" + cap
                        + "): an identifier is not a category: list it under ignore-columns, or raise"
                        + " data.max-categories"));
            }
        }
        return new Sample(classified, distinct, problems);
    }

    /** A binary text label has positive-class and one other value; a multi-class one at most MAX_CLASSES. */
    private static void labelClasses(String objective, String positiveClass, String column, Set<String> classes,
            List<Violation> problems) {
        if (objective.startsWith("binary:") && positiveClass != null) {
            List<String> others = classes.stream().filter(c -> !c.equals(positiveClass)).toList();
            if (others.size() > 1) {
                problems.add(new Violation("data.label-column", "label column '" + column + "' has " + classes.size()
                        + " values in the sample " + classes + ": " + objective + " takes two, '" + positiveClass
                        + "' (positive-class, 1) and one other (0); filter the other values out in the query or use"
                        + " a multi:* objective"));
            } else if (!classes.isEmpty() && !classes.contains(positiveClass)) {
                problems.add(new Violation("task.positive-class", "'" + positiveClass + "' is not among the label"
                        + " values of the sample " + classes + " (values are compared exactly, case included)"));
            }
        } else if (classes.size() > LabelRule.MAX_CLASSES) {
            problems.add(new Violation("data.label-column", "label column '" + column + "' has " + classes.size()
                    + " distinct values in the sample; " + objective + " takes at most " + LabelRule.MAX_CLASSES
                    + " classes (is the label an identifier?)"));
        }
    }

    /** The rows the query returns in the window; null (and a problem) when counting failed or took too long. */
    private Long count(NamedParameters query, DateWindow window, Duration timeout, List<Violation> problems) {
        NamedParameters counting = new NamedParameters("select count(*) from (\n" + query.sql() + "\n) q",
                query.order());
        try {
            return warehouse.read(counting, window, timeout, new WarehouseQueries.Reading(1, 1),
                    (rs, postgres) -> rs.next() ? rs.getLong(1) : 0L);
        } catch (RuntimeException e) {
            if (e instanceof ExtractionFailure failure && failure.kind() == FailureKind.QUERY_TIMEOUT) {
                problems.add(new Violation(QUERY, "counting the rows in the window took longer than the statement"
                        + " timeout of " + timeout + ", so the number of rows is unknown; a run would very likely"
                        + " be cancelled too (raise data.statement-timeout or narrow the window)"));
            } else {
                problems.add(new Violation(QUERY, "counting the rows in the window failed: " + failure(e)));
            }
            return null;
        }
    }

    private static String failure(RuntimeException e) {
        if (e instanceof ExtractionFailure) {
            return e.getMessage();
        }
        throw e;
    }

    private static DryRunReport report(DateWindow window, Long rows, int limit, List<DryRunReport.Column> columns,
            List<Violation> problems) {
        return new DryRunReport(problems.isEmpty(), window.start(), window.end(), rows, limit, List.copyOf(columns),
                List.copyOf(problems));
    }
}
