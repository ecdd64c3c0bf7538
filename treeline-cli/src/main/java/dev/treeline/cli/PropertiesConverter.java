package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.treeline.events.definition.InvalidDefinitionException;
import dev.treeline.events.definition.ModelDefinitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old property format as definitions: data-prep's {@code treeline.models."<model>".*} and tuning's
 * {@code treeline.tuning.models."<model>".*} joined by model name into one definition tree each, holding only what
 * the properties said (the defaults of both formats are the same, so nothing else changes meaning).
 *
 * <p>Profiles: a key {@code %<profile>.treeline.models...} counts only for the profile asked for, and then wins over
 * the key without a prefix (as Quarkus reads them); keys of other profiles are skipped and reported.
 */
final class PropertiesConverter {

    private static final Pattern DATA_PREP_KEY = Pattern.compile("^treeline\\.models\\.(?:\"([^\"]+)\"|([^.\"]+))\\.(.+)$");
    private static final Pattern TUNING_KEY = Pattern.compile(
            "^treeline\\.tuning\\.models\\.(?:\"([^\"]+)\"|([^.\"]+))\\.(.+)$");
    private static final Pattern PROFILED = Pattern.compile("^%([^.]+)\\.(.+)$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    enum Kind { TEXT, INTEGER, LONG, NUMBER, BOOLEAN, LIST, DURATION, UPPER }

    /** Where an old key goes in a definition, and as what. */
    record Target(String path, Kind kind) {
    }

    /** data-prep's spec keys (ModelSpecs): every one there was. */
    static final Map<String, Target> DATA_PREP_KEYS = Map.ofEntries(
            Map.entry("layer", new Target("data.layer", Kind.TEXT)),
            Map.entry("objective", new Target("task.objective", Kind.TEXT)),
            Map.entry("query", new Target("data.query", Kind.TEXT)),
            Map.entry("window.start", new Target("data.window.start", Kind.TEXT)),
            Map.entry("window.pushback-days", new Target("data.window.pushback-days", Kind.INTEGER)),
            Map.entry("label-column", new Target("data.label-column", Kind.TEXT)),
            Map.entry("feature-columns", new Target("data.feature-columns", Kind.LIST)),
            Map.entry("split.train", new Target("data.split.train", Kind.NUMBER)),
            Map.entry("split.validation", new Target("data.split.validation", Kind.NUMBER)),
            Map.entry("split.test", new Target("data.split.test", Kind.NUMBER)),
            Map.entry("split.hash-column", new Target("data.key-column", Kind.TEXT)),
            Map.entry("schedule", new Target("schedule", Kind.TEXT)),
            Map.entry("drift.threshold", new Target("drift.threshold", Kind.NUMBER)),
            Map.entry("drift.cooldown", new Target("drift.cooldown", Kind.DURATION)),
            Map.entry("statement-timeout", new Target("data.statement-timeout", Kind.DURATION)));

    /** tuning's per-model keys (TuningConfig.ModelTuning), ranges and static parameters apart. */
    static final Map<String, Target> TUNING_KEYS = Map.ofEntries(
            Map.entry("strategy", new Target("tuning.strategy", Kind.UPPER)),
            Map.entry("max-jobs", new Target("tuning.max-trials", Kind.INTEGER)),
            Map.entry("max-parallel-jobs", new Target("tuning.parallel-trials", Kind.INTEGER)),
            Map.entry("early-stopping-rounds", new Target("tuning.early-stopping-rounds", Kind.INTEGER)),
            Map.entry("max-parents", new Target("tuning.max-parents", Kind.INTEGER)),
            Map.entry("transfer-best-configurations", new Target("tuning.transfer-best-configurations", Kind.INTEGER)),
            Map.entry("out-of-range-policy", new Target("tuning.out-of-range-policy", Kind.UPPER)),
            Map.entry("seed", new Target("tuning.seed", Kind.LONG)));

    private static final Pattern RANGE_KEY = Pattern.compile("^ranges\\.([a-z_][a-z0-9_]*)\\.(min|max|scale|integer)$");
    private static final Pattern STATIC_KEY = Pattern.compile("^static-parameters\\.([a-z_][a-z0-9_]*)$");

    /** The order keys are written in (the schema's). */
    private static final List<String> ORDER = List.of("name", "data.layer", "data.query", "data.window.start",
            "data.window.pushback-days", "data.label-column", "data.key-column", "data.split.train",
            "data.split.validation", "data.split.test", "data.feature-columns", "data.ignore-columns",
            "data.statement-timeout", "task.objective", "tuning.strategy", "tuning.max-trials",
            "tuning.parallel-trials", "tuning.early-stopping-rounds", "tuning.max-parents",
            "tuning.transfer-best-configurations", "tuning.out-of-range-policy", "tuning.seed", "tuning.ranges",
            "tuning.static-parameters", "schedule", "drift.threshold", "drift.cooldown");

    /**
     * @param definitions one tree per model that converted, by name
     * @param notes       what a person should check (meaning that changed, keys skipped)
     * @param problems    models that could not be converted, and why (nothing is written for them)
     */
    record Result(Map<String, ObjectNode> definitions, List<String> notes, List<String> problems) {
    }

    private PropertiesConverter() {
    }

    static Result convert(Properties dataPrep, Properties tuning, String profile) {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> dataPrepModels = models(dataPrep, DATA_PREP_KEY, profile, notes,
                "data-prep");
        Map<String, Map<String, String>> tuningModels = tuning == null ? Map.of()
                : models(tuning, TUNING_KEY, profile, notes, "tuning");
        Map<String, ObjectNode> definitions = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> model : dataPrepModels.entrySet()) {
            String name = model.getKey();
            List<String> own = new ArrayList<>();
            ObjectNode tree = template(name);
            model.getValue().forEach((key, value) -> {
                Target target = DATA_PREP_KEYS.get(key);
                if (target == null) {
                    own.add("treeline.models.\"" + name + "\"." + key + ": no such setting");
                } else {
                    set(tree, target, value, "treeline.models.\"" + name + "\"." + key, own);
                }
            });
            Map<String, String> tuningKeys = tuningModels.getOrDefault(name, Map.of());
            tuningKeys.forEach((key, value) -> convertTuningKey(tree, name, key, value, own));
            columnNotes(name, tree, notes);
            ObjectNode written = prune(tree);
            if (own.isEmpty()) {
                own.addAll(check(written));
            }
            if (own.isEmpty()) {
                definitions.put(name, written);
            } else {
                own.forEach(p -> problems.add(name + ": " + p));
            }
        }
        tuningModels.keySet().stream().filter(name -> !dataPrepModels.containsKey(name)).forEach(name -> problems.add(
                name + ": tuning settings only (treeline.tuning.models.\"" + name + "\".*): no data-prep model of that"
                        + " name to join them with; a definition needs its data and task sections too"));
        return new Result(definitions, notes, problems);
    }

    private static void convertTuningKey(ObjectNode tree, String name, String key, String value, List<String> own) {
        String old = "treeline.tuning.models.\"" + name + "\"." + key;
        Target target = TUNING_KEYS.get(key);
        Matcher range = RANGE_KEY.matcher(key);
        Matcher fixed = STATIC_KEY.matcher(key);
        if (target != null) {
            set(tree, target, value, old, own);
        } else if (range.matches()) {
            String field = range.group(2);
            Kind kind = switch (field) {
                case "min", "max" -> Kind.NUMBER;
                case "integer" -> Kind.BOOLEAN;
                default -> Kind.UPPER;
            };
            ObjectNode section = (ObjectNode) tree.get("tuning");
            ObjectNode ranges = section.get("ranges").isObject() ? (ObjectNode) section.get("ranges")
                    : section.putObject("ranges");
            if (!ranges.has(range.group(1))) {
                ranges.putObject(range.group(1)).putNull("min").putNull("max").putNull("scale").putNull("integer");
            }
            set(tree, new Target("tuning.ranges." + range.group(1) + "." + field, kind), value, old, own);
        } else if (fixed.matches()) {
            set(tree, new Target("tuning.static-parameters." + fixed.group(1), Kind.TEXT), value, old, own);
        } else {
            own.add(old + ": no such setting");
        }
    }

    /** Keys by model (the part after the model name), the profile's keys over the plain ones. */
    private static Map<String, Map<String, String>> models(Properties properties, Pattern keys, String profile,
                                                           List<String> notes, String service) {
        Map<String, Map<String, String>> plain = new TreeMap<>();
        Map<String, Map<String, String>> profiled = new TreeMap<>();
        Set<String> skippedProfiles = new LinkedHashSet<>();
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            String bare = key;
            boolean ofProfile = false;
            Matcher p = PROFILED.matcher(key);
            if (p.matches()) {
                bare = p.group(2);
                if (!List.of(p.group(1).split(",")).contains(profile)) {
                    if (keys.matcher(bare).matches()) {
                        skippedProfiles.add(p.group(1));
                    }
                    continue;
                }
                ofProfile = true;
            }
            Matcher m = keys.matcher(bare);
            if (m.matches()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                (ofProfile ? profiled : plain).computeIfAbsent(name, n -> new TreeMap<>())
                        .put(m.group(3), properties.getProperty(key).strip());
            }
        }
        profiled.forEach((name, values) -> plain.computeIfAbsent(name, n -> new TreeMap<>()).putAll(values));
        for (String skipped : skippedProfiles) {
            notes.add(service + ": skipped the model keys of profile %" + skipped + " (converting profile %" + profile
                    + "; give --profile " + skipped + " for those)");
        }
        return plain;
    }

    private static ObjectNode template(String name) {
        ObjectNode tree = NODES.objectNode();
        for (String path : ORDER) {
            ObjectNode parent = tree;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
            }
            parent.putNull(parts[parts.length - 1]);
        }
        tree.put("name", name);
        return tree;
    }

    private static void set(ObjectNode tree, Target target, String value, String old, List<String> problems) {
        JsonNode converted;
        try {
            converted = switch (target.kind()) {
                case TEXT -> NODES.textNode(value);
                case UPPER -> NODES.textNode(value.toUpperCase(Locale.ROOT));
                case INTEGER -> NODES.numberNode(Integer.parseInt(value));
                case LONG -> NODES.numberNode(Long.parseLong(value));
                case NUMBER -> value.matches("[+-]?\\d{1,18}") ? NODES.numberNode(Long.parseLong(value))
                        : NODES.numberNode(Double.parseDouble(value));
                case BOOLEAN -> booleanOf(value);
                case LIST -> list(value);
                case DURATION -> NODES.textNode(duration(value).toString());
            };
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            problems.add(old + "=" + value + ": not a valid " + target.kind().name().toLowerCase(Locale.ROOT));
            return;
        }
        ObjectNode parent = tree;
        String[] parts = target.path().split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child != null && child.isObject() ? (ObjectNode) child : parent.putObject(parts[i]);
        }
        parent.set(parts[parts.length - 1], converted);
    }

    private static JsonNode booleanOf(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(value);
        }
        return NODES.booleanNode(Boolean.parseBoolean(value));
    }

    /** SmallRye's list form: comma-separated, {@code \,} for a comma inside an element. */
    private static ArrayNode list(String value) {
        ArrayNode list = NODES.arrayNode();
        for (String element : value.split("(?<!\\\\),")) {
            String item = element.replace("\\,", ",").strip();
            if (!item.isEmpty()) {
                list.add(item);
            }
        }
        return list;
    }

    /** Quarkus' duration forms: ISO-8601, a bare number (seconds), or a number with ms, s, m, h or d. */
    static Duration duration(String value) {
        String v = value.strip();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        Matcher m = Pattern.compile("^(\\d+)(ms|s|m|h|d)$", Pattern.CASE_INSENSITIVE).matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(v.toUpperCase(Locale.ROOT));
    }

    /**
     * Today's column rule differs from the old one (data-prep's ColumnUsage): with feature-columns, every other query
     * column that is not the label, the key, the group or the weight must be ignored explicitly (the converter lists
     * the ones it can read from the select list); without, text columns are no longer skipped silently but become
     * categorical features.
     */
    private static void columnNotes(String name, ObjectNode tree, List<String> notes) {
        JsonNode data = tree.path("data");
        Optional<List<String>> columns = QueryColumns.of(data.path("query").asText(""));
        Set<String> accounted = new LinkedHashSet<>();
        accounted.add(data.path("label-column").asText());
        accounted.add(data.path("key-column").asText());
        for (String role : List.of("group-column", "weight-column")) { // roles of their own, as in data-prep
            if (data.hasNonNull(role)) {
                accounted.add(data.path(role).asText());
            }
        }
        data.path("feature-columns").forEach(f -> accounted.add(f.asText()));
        boolean featuresGiven = data.path("feature-columns").isArray() && !data.path("feature-columns").isEmpty();
        if (featuresGiven) {
            if (columns.isEmpty()) {
                notes.add(name + ": could not read the query's columns; every one that is not label, key or feature"
                        + " must now be in data.ignore-columns (treeline models validate lists them)");
                return;
            }
            ArrayNode ignored = NODES.arrayNode();
            columns.get().stream().filter(c -> !accounted.contains(c)).forEach(ignored::add);
            if (!ignored.isEmpty()) {
                ((ObjectNode) data).set("ignore-columns", ignored);
                notes.add(name + ": the query's other columns " + ignored + " were left out silently before; now"
                        + " listed in data.ignore-columns");
            }
        } else {
            notes.add(name + ": no feature-columns: features are now every column but label, key and ignored ones,"
                    + " text columns too (they were skipped silently; now they are categorical features); add text"
                    + " columns that are identifiers, not categories, to data.ignore-columns (treeline models"
                    + " validate shows their types and distinct values)");
        }
    }

    /** Nulls and empty sections out. */
    private static ObjectNode prune(ObjectNode tree) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                ObjectNode child = prune((ObjectNode) value);
                if (!child.isEmpty()) {
                    out.set(field.getKey(), child);
                }
            } else if (!value.isNull()) {
                out.set(field.getKey(), value);
            }
        }
        return out;
    }

    /** The schema's keys and types, then binding (dates, enums). */
    static List<String> check(JsonNode tree) {
        List<String> problems = new ArrayList<>(SchemaKeys.problems(tree));
        if (problems.isEmpty()) {
            try {
                ModelDefinitions.bind(tree);
            } catch (InvalidDefinitionException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }
}
