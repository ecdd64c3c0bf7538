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

import dev.treeline.dataprep.extract.CategoryDictionary;
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
 * problem of {@code data.query} with the warehouse's message, never an exception. Categorical features and a text
 * label are judged on the sample together with the model's stored {@link CategoryDictionary} (the codes of earlier
 * runs, which a run keeps): the cap counts stored codes plus the sample's new values, and a binary label's classes
 * are the stored ones plus the sample's.
 */
@ApplicationScoped
public class DryRun {

    private static final String QUERY = "data.query";
    private static final int MAX_FETCH = 1_000;

    private final WarehouseQueries warehouse;
    private final Clock clock;
    private final CategoryDictionary dictionary;

    public DryRun(WarehouseQueries warehouse, Clock clock, CategoryDictionary dictionary) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.dictionary = dictionary;
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
            // the codes a run would keep: only read when something is coded
            CategoryDictionary.Stored stored = sample.distinct().isEmpty() ? CategoryDictionary.Stored.EMPTY
                    : stored(definition.name(), problems);
            problems.addAll(problems(definition, sample, stored));
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
     * label (as a run codes them), and the first label and weight a run would fail on (a label the objective does not
     * take, a missing or negative weight).
     */
    private record Sample(ColumnUsage.Classified classified, Map<String, Set<String>> distinct, long rows,
            String badLabel, String badWeight) {
    }

    /** The model's stored dictionary; empty (and a problem) when it is broken. */
    private CategoryDictionary.Stored stored(String model, List<Violation> problems) {
        try {
            return dictionary.load(model);
        } catch (ExtractionException e) {
            problems.add(new Violation("name", e.getMessage()));
            return CategoryDictionary.Stored.EMPTY;
        }
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
        Set<Integer> booleans = new HashSet<>();
        int[] featureIndexes = classified.fits() ? classified.featureIndexes() : new int[0];
        for (int f = 0; f < featureIndexes.length; f++) {
            if (classified.categorical().get(f)) {
                Set<String> values = new HashSet<>();
                distinct.put(classified.features().get(f), values);
                byIndex.put(featureIndexes[f], values);
                if (classified.columns().get(featureIndexes[f] - 1).column().bool()) {
                    booleans.add(featureIndexes[f]);
                }
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
            if (value == null || (classes != null && (value.isEmpty() || value.equals("NaN")))) {
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
                int index = column.getKey();
                String category;
                if (booleans.contains(index)) { // a run codes a boolean as true/false (the server writes t/f)
                    boolean b = rs.getBoolean(index);
                    category = rs.wasNull() ? null : Boolean.toString(b);
                } else {
                    category = rs.getString(index);
                }
                if (category != null && !category.isEmpty() && !category.equals("NaN")) {
                    column.getValue().add(category);
                }
            }
        }
        return new Sample(classified, distinct, row, badLabel, badWeight);
    }

    /** What a run would fail on, from the sample and the codes earlier runs stored. */
    private static List<Violation> problems(ModelDefinition definition, Sample sample,
            CategoryDictionary.Stored stored) {
        DataSection data = definition.data();
        ColumnUsage.Classified classified = sample.classified();
        List<Violation> problems = new ArrayList<>();
        if (sample.badLabel() != null) {
            problems.add(new Violation("data.label-column", sample.badLabel()));
        }
        if (classified.textLabel()) {
            labelClasses(definition.task().objective(), definition.task().positiveClass(), data.labelColumn(),
                    sample.distinct().get(data.labelColumn()),
                    stored.of(CategoryDictionary.Kind.LABEL, data.labelColumn()), problems);
        }
        if (sample.badWeight() != null) {
            problems.add(new Violation("data.weight-column", sample.badWeight()));
        }
        int cap = data.categoryCap();
        for (int f = 0; f < classified.features().size(); f++) {
            String feature = classified.features().get(f);
            Set<String> values = classified.categorical().get(f) ? sample.distinct().get(feature) : null;
            if (values == null) {
                continue;
            }
            String field = data.categoricalColumns().contains(feature) ? "data.categorical-columns"
                    : "data.feature-columns";
            String advice = ", more than data.max-categories (" + cap + "): an identifier is not a category: list it"
                    + " under ignore-columns, or raise data.max-categories";
            List<String> codes = stored.of(CategoryDictionary.Kind.FEATURE, feature);
            if (codes.isEmpty()) {
                if (values.size() > cap) {
                    problems.add(new Violation(field, "categorical feature '" + feature + "' has " + values.size()
                            + " distinct values in the " + sample.rows() + " sampled rows" + advice));
                }
                continue;
            }
            Set<String> known = new HashSet<>(codes);
            long added = values.stream().filter(v -> !known.contains(v)).count();
            if (codes.size() + added > cap) {
                problems.add(new Violation(field, "categorical feature '" + feature + "': earlier runs of this model"
                        + " coded " + codes.size() + " values and the " + sample.rows() + " sampled rows add "
                        + added + " more, " + (codes.size() + added) + " in all" + advice));
            }
        }
        return problems;
    }

    /**
     * A binary text label has positive-class and one other value, also counting the classes earlier runs stored (and
     * positive-class must not be their class 0); a multi-class one at most MAX_CLASSES, stored ones included.
     */
    private static void labelClasses(String objective, String positiveClass, String column, Set<String> classes,
            List<String> stored, List<Violation> problems) {
        if (objective.startsWith("binary:") && positiveClass != null) {
            List<String> others = classes.stream().filter(c -> !c.equals(positiveClass)).toList();
            if (others.size() > 1) {
                problems.add(new Violation("data.label-column", "label column '" + column + "' has " + classes.size()
                        + " values in the sample " + classes + ": " + objective + " takes two, '" + positiveClass
                        + "' (positive-class, 1) and one other (0); filter the other values out in the query or use"
                        + " a multi:* objective"));
                return;
            }
            if (!classes.isEmpty() && !classes.contains(positiveClass)) {
                problems.add(new Violation("task.positive-class", "'" + positiveClass + "' is not among the label"
                        + " values of the sample " + classes + " (values are compared exactly, case included)"));
            }
            if (!stored.isEmpty() && stored.get(0).equals(positiveClass)) {
                problems.add(new Violation("task.positive-class", "'" + positiveClass + "' is class 0 of label column '"
                        + column + "' in earlier runs of this model, which coded its classes as " + stored
                        + " (by code); positive-class is class 1 and codes are kept across retrains, so keep the"
                        + " positive class of the model's first run"
                        + (stored.size() > 1 ? " ('" + stored.get(1) + "')" : "") + " or define a new model"));
            }
            Set<String> all = new LinkedHashSet<>(stored);
            all.addAll(classes);
            all.add(positiveClass);
            if (all.size() > 2) {
                problems.add(new Violation("data.label-column", "label column '" + column + "': earlier runs of this"
                        + " model coded the classes " + stored + " (by code) and the sample has " + classes + ", "
                        + all.size() + " values in all " + all + ": " + objective + " takes two, '" + positiveClass
                        + "' (positive-class, 1) and one other (0); filter the other values out in the query, use a"
                        + " multi:* objective or define a new model"));
            }
        } else if (classes.size() > LabelRule.MAX_CLASSES) {
            problems.add(new Violation("data.label-column", "label column '" + column + "' has " + classes.size()
                    + " distinct values in the sample; " + objective + " takes at most " + LabelRule.MAX_CLASSES
                    + " classes (is the label an identifier?)"));
        } else if (!stored.isEmpty()) {
            Set<String> known = new HashSet<>(stored);
            long added = classes.stream().filter(c -> !known.contains(c)).count();
            if (stored.size() + added > LabelRule.MAX_CLASSES) {
                problems.add(new Violation("data.label-column", "label column '" + column + "': earlier runs of this"
                        + " model coded " + stored.size() + " classes and the sample adds " + added + " more, "
                        + (stored.size() + added) + " in all; " + objective + " takes at most "
                        + LabelRule.MAX_CLASSES + " classes (is the label an identifier?)"));
            }
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
