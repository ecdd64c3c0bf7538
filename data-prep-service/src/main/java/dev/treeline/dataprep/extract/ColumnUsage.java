package dev.treeline.dataprep.extract;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.Objectives;

/**
 * How each column of a query's result would be used by a definition's data section (label, key, feature, ignored
 * or unaccounted), the features in the order the model takes them, and what does not fit. A pure function: the
 * dry run reports its problems and {@link DatasetExtractor} fails a run with the same ones, so a definition that
 * passes the dry run does not fail on its columns.
 *
 * <p>With {@code feature-columns} empty the features are every column that is not the label, the key, the group,
 * the weight or ignored, in result order; with it given, every other column that is none of these is unaccounted (a
 * problem). The key column is a feature only when {@code feature-columns} lists it. A feature is numeric (numbers;
 * booleans as 1/0) or categorical (every text feature, and the features {@code categorical-columns} lists); a date
 * or time is refused with how to make it a number. A text label is allowed for classification (binary with
 * {@code task.positive-class}, multi-class), its classes coded like categories.
 */
public final class ColumnUsage {

    /** JDBC types written into the dataset as numbers. */
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL);
    private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    /** JDBC types written as 0/1 (PostgreSQL's bool reports BIT). */
    private static final Set<Integer> BOOLEAN = Set.of(Types.BOOLEAN, Types.BIT);
    private static final Set<Integer> TEMPORAL = Set.of(Types.DATE, Types.TIME, Types.TIMESTAMP,
            Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE);

    static final String LABEL_COLUMN = "data.label-column";
    static final String KEY_COLUMN = "data.key-column";
    static final String FEATURE_COLUMNS = "data.feature-columns";
    static final String IGNORE_COLUMNS = "data.ignore-columns";
    static final String CATEGORICAL_COLUMNS = "data.categorical-columns";
    static final String GROUP_COLUMN = "data.group-column";
    static final String WEIGHT_COLUMN = "data.weight-column";
    static final String POSITIVE_CLASS = "task.positive-class";

    private ColumnUsage() {
    }

    /** How a column is used. */
    public enum Usage {
        LABEL, KEY, FEATURE, GROUP, WEIGHT, IGNORED, UNACCOUNTED;

        /** {@code label}, {@code key}, {@code feature}, {@code group}, {@code weight}, {@code ignored}, {@code unaccounted}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One column of a query result.
     *
     * @param name     as the query returned it (its label)
     * @param jdbcType {@link java.sql.Types}
     * @param typeName the warehouse's name of the type, e.g. {@code int4}, {@code text}
     */
    public record ResultColumn(String name, int jdbcType, String typeName) {

        public boolean numeric() {
            return NUMERIC.contains(jdbcType);
        }

        /** A boolean column: written as 1 (true) or 0 (false), a feature or a binary label like any number. */
        public boolean bool() {
            return BOOLEAN.contains(jdbcType) || "bool".equalsIgnoreCase(typeName);
        }

        /** What the dataset can hold as a number: numbers and booleans. */
        public boolean usable() {
            return numeric() || bool();
        }

        /** A text column: a categorical feature, or a classification label. */
        public boolean text() {
            return TEXT.contains(jdbcType) || "text".equalsIgnoreCase(typeName);
        }

        boolean temporal() {
            return TEMPORAL.contains(jdbcType);
        }

        /** Why a column the dataset cannot hold is refused, and what to do instead. */
        String unusableReason() {
            if (temporal()) {
                return "a date or time (type " + typeName + "): turn it into a number in the query (e.g. extract(epoch"
                        + " from " + name + ") or its age in days) or list it under ignore-columns";
            }
            return "neither a number nor text (type " + typeName + "): cast it to a number (or to text, to make it a"
                    + " category) in the query or list it under ignore-columns";
        }

        /** Every column of a result, in order. */
        public static List<ResultColumn> of(ResultSetMetaData meta) throws SQLException {
            List<ResultColumn> columns = new ArrayList<>(meta.getColumnCount());
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new ResultColumn(meta.getColumnLabel(i), meta.getColumnType(i), meta.getColumnTypeName(i)));
            }
            return List.copyOf(columns);
        }
    }

    /**
     * A column of the result and its use.
     *
     * @param index 1-based position in the result (JDBC)
     */
    public record UsedColumn(int index, ResultColumn column, Usage usage) {
    }

    /**
     * Something in the result that does not fit the definition.
     *
     * @param field   the definition's field it concerns, e.g. {@code data.label-column}
     * @param message why, naming the column, for people
     * @param kind    how a run fails on it
     */
    public record Problem(String field, String message, FailureKind kind) {
    }

    /**
     * The outcome of {@link #classify}.
     *
     * @param columns     every column of the result, in result order
     * @param features    feature names in the order the model takes them (the dataset's CSV order after the leading
     *                    columns)
     * @param categorical per feature (same order): read as categories (codes) rather than numbers
     * @param problems    empty when the result makes a dataset for this definition
     * @param labelIndex  1-based result index of the label column; 0 when it is missing
     * @param keyIndex    1-based result index of the key column; 0 when it is missing
     * @param groupIndex  1-based result index of the group column; 0 when there is none (or it is missing)
     * @param weightIndex 1-based result index of the weight column; 0 when there is none (or it is missing)
     * @param textLabel   the label is text: its values are coded as classes
     */
    public record Classified(List<UsedColumn> columns, List<String> features, List<Boolean> categorical,
            List<Problem> problems, int labelIndex, int keyIndex, int groupIndex, int weightIndex, boolean textLabel) {

        public boolean fits() {
            return problems.isEmpty();
        }

        /** 1-based result indexes of the features, in model order. */
        public int[] featureIndexes() {
            Map<String, Integer> byName = new LinkedHashMap<>();
            for (UsedColumn c : columns) {
                byName.putIfAbsent(c.column().name(), c.index());
            }
            return features.stream().mapToInt(byName::get).toArray();
        }

        /** The categorical features' names, in model order. */
        public List<String> categoricalFeatures() {
            List<String> names = new ArrayList<>();
            for (int f = 0; f < features.size(); f++) {
                if (categorical.get(f)) {
                    names.add(features.get(f));
                }
            }
            return names;
        }

        /** Every problem's message in one line, for a failed run. */
        public String message() {
            return problems.stream().map(Problem::message).collect(Collectors.joining("; "));
        }
    }

    /**
     * @param result    the query's columns in result order
     * @param data      the definition's data section
     * @param objective the definition's objective (the label's requirements depend on it)
     */
    public static Classified classify(List<ResultColumn> result, DataSection data, String objective) {
        return classify(result, data, objective, null);
    }

    /**
     * @param positiveClass the definition's {@code task.positive-class} (a text label of a binary objective needs it)
     */
    public static Classified classify(List<ResultColumn> result, DataSection data, String objective,
            String positiveClass) {
        Map<String, ResultColumn> byName = new LinkedHashMap<>();
        for (ResultColumn column : result) {
            byName.putIfAbsent(column.name(), column);
        }
        String label = data.labelColumn();
        String key = data.keyColumn();
        List<String> listed = data.featureColumns();
        Set<String> ignored = new HashSet<>(data.ignoreColumns());
        List<Problem> problems = new ArrayList<>();
        String available = byName.keySet().toString();

        ResultColumn labelColumn = byName.get(label);
        boolean textLabel = labelColumn != null && labelColumn.text();
        if (labelColumn == null) {
            problems.add(new Problem(LABEL_COLUMN, "label column '" + label + "' is not in the query result (columns: "
                    + available + ")", FailureKind.MISSING_COLUMN));
        } else {
            label(labelColumn, objective, positiveClass, problems);
        }
        String group = data.groupColumn();
        String weight = data.weightColumn();
        if (group != null && !byName.containsKey(group)) {
            problems.add(new Problem(GROUP_COLUMN, "group column '" + group + "' is not in the query result (columns: "
                    + available + ")", FailureKind.MISSING_COLUMN));
        }
        if (weight != null) {
            ResultColumn weightColumn = byName.get(weight);
            if (weightColumn == null) {
                problems.add(new Problem(WEIGHT_COLUMN, "weight column '" + weight + "' is not in the query result"
                        + " (columns: " + available + ")", FailureKind.MISSING_COLUMN));
            } else if (!weightColumn.numeric()) {
                problems.add(new Problem(WEIGHT_COLUMN, "weight column '" + weight + "' is not numeric (type "
                        + weightColumn.typeName() + "): sample weights are numbers >= 0; cast it to a number in the"
                        + " query", FailureKind.NON_NUMERIC_COLUMN));
            }
        }
        if (!byName.containsKey(key)) {
            problems.add(new Problem(KEY_COLUMN, "key column '" + key + "' is not in the query result (columns: "
                    + available + ")", FailureKind.MISSING_COLUMN));
        }
        for (String feature : listed) {
            if (!byName.containsKey(feature)) {
                problems.add(new Problem(FEATURE_COLUMNS, "feature column '" + feature
                        + "' is not in the query result (columns: " + available + ")", FailureKind.MISSING_COLUMN));
            }
        }
        for (String column : data.ignoreColumns()) {
            if (!byName.containsKey(column)) {
                problems.add(new Problem(IGNORE_COLUMNS, "ignored column '" + column
                        + "' is not in the query result (columns: " + available + ")", FailureKind.MISSING_COLUMN));
            }
        }

        Set<String> listedSet = new HashSet<>(listed);
        List<UsedColumn> columns = new ArrayList<>(result.size());
        List<String> inResultOrder = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            ResultColumn column = result.get(i);
            String name = column.name();
            Usage usage;
            if (name.equals(label)) {
                usage = Usage.LABEL;
            } else if (name.equals(group)) {
                usage = Usage.GROUP;
            } else if (name.equals(weight)) {
                usage = Usage.WEIGHT;
            } else if (listedSet.contains(name)) {
                usage = Usage.FEATURE; // the key too, when listed
            } else if (name.equals(key)) {
                usage = Usage.KEY;
            } else if (ignored.contains(name)) {
                usage = Usage.IGNORED;
            } else if (listed.isEmpty()) {
                usage = Usage.FEATURE;
                inResultOrder.add(name);
            } else {
                usage = Usage.UNACCOUNTED;
                problems.add(new Problem(FEATURE_COLUMNS, "column '" + name + "' (type " + column.typeName()
                        + ") is in the query result but not in the definition: add it to feature-columns or"
                        + " ignore-columns", FailureKind.UNACCOUNTED_COLUMN));
                // (group and weight columns are named by their own fields)
            }
            columns.add(new UsedColumn(i + 1, column, usage));
        }

        List<String> features = listed.isEmpty() ? inResultOrder
                : listed.stream().filter(byName::containsKey).filter(f -> !f.equals(label) && !f.equals(group)
                        && !f.equals(weight)).toList();
        Set<String> listedCategorical = new HashSet<>(data.categoricalColumns());
        List<Boolean> categorical = new ArrayList<>(features.size());
        for (String feature : features) {
            ResultColumn column = byName.get(feature);
            if (!column.usable() && !column.text()) {
                problems.add(new Problem(FEATURE_COLUMNS, "feature column '" + feature + "' is "
                        + column.unusableReason(),
                        FailureKind.NON_NUMERIC_COLUMN));
            }
            categorical.add(column.text() || listedCategorical.contains(feature));
        }
        Set<String> featureSet = new HashSet<>(features);
        for (String column : data.categoricalColumns()) {
            if (!featureSet.contains(column)) {
                problems.add(new Problem(CATEGORICAL_COLUMNS, "lists '" + column + "', which is not a feature ("
                        + (byName.containsKey(column) ? "it is " + roleOf(column, data) : "it is not in the query"
                                + " result, columns: " + available) + "); list only feature columns there",
                        FailureKind.MISSING_COLUMN));
            }
        }
        if (features.isEmpty() && listed.isEmpty()) {
            problems.add(new Problem(FEATURE_COLUMNS, "the query result has no feature column: every column is the"
                    + " label, the key or ignored (columns: " + available + ")", FailureKind.NO_FEATURES));
        }
        return new Classified(List.copyOf(columns), List.copyOf(features), List.copyOf(categorical),
                List.copyOf(problems), indexOf(result, label), indexOf(result, key),
                group == null ? 0 : indexOf(result, group), weight == null ? 0 : indexOf(result, weight), textLabel);
    }

    /**
     * A numeric or boolean label fits every objective (its values are checked by {@link LabelRule}); a text label
     * only classification: binary with {@code positive-class} naming class 1, or multi-class.
     */
    private static void label(ResultColumn column, String objective, String positiveClass, List<Problem> problems) {
        Objectives.Family family = Objectives.find(objective).map(Objectives.Objective::family).orElse(null);
        String name = column.name();
        if (column.usable()) {
            if (positiveClass != null && family == Objectives.Family.BINARY) {
                problems.add(new Problem(POSITIVE_CLASS, "positive-class '" + positiveClass + "' is only for a text"
                        + " label; label column '" + name + "' is " + (column.bool() ? "boolean" : "numeric")
                        + " (type " + column.typeName() + "), its values 0/1 are the classes already: remove"
                        + " positive-class", FailureKind.NON_NUMERIC_COLUMN));
            }
            return;
        }
        boolean classification = family == Objectives.Family.BINARY || family == Objectives.Family.MULTICLASS;
        if (column.text() && classification) {
            if (family == Objectives.Family.BINARY && positiveClass == null) {
                problems.add(new Problem(POSITIVE_CLASS, "label column '" + name + "' is text (type "
                        + column.typeName() + "): " + objective + " needs task.positive-class, the label value that"
                        + " is class 1 (the other value is class 0)", FailureKind.NON_NUMERIC_COLUMN));
            }
            return;
        }
        problems.add(new Problem(LABEL_COLUMN, "label column '" + name + "' is not numeric (type "
                + column.typeName() + "): " + objective + " needs a numeric label"
                + (family == Objectives.Family.BINARY ? " (0 or 1, or text with task.positive-class)"
                        : family == Objectives.Family.MULTICLASS ? " (class indexes, or text)" : "")
                + "; cast it to a number in the query", FailureKind.NON_NUMERIC_COLUMN));
    }

    /** What a column that is in the result but no feature is, for messages. */
    private static String roleOf(String column, DataSection data) {
        if (column.equals(data.labelColumn())) {
            return "the label";
        }
        if (column.equals(data.groupColumn())) {
            return "the group column";
        }
        if (column.equals(data.weightColumn())) {
            return "the weight column";
        }
        if (column.equals(data.keyColumn())) {
            return "the key (a feature only when feature-columns lists it)";
        }
        if (data.ignoreColumns().contains(column)) {
            return "ignored";
        }
        return "not in feature-columns";
    }

    private static int indexOf(List<ResultColumn> result, String name) {
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i).name().equals(name)) {
                return i + 1;
            }
        }
        return 0;
    }
}
