package dev.treeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code treeline models}: the defined models (data-prep owns definitions) with their versions (the registry), and
 * the commands that apply, compare, check, roll back and retire definitions.
 */
@Command(name = "models", description = {"Defined models: description, owner, latest and approved version, last run.",
        "A model is defined by one YAML file (see examples/models/ and the README); `models apply -f` sends them."},
        subcommands = {ModelsCommand.Apply.class, ModelsCommand.Show.class, ModelsCommand.Diff.class,
                ModelsCommand.Validate.class, ModelsCommand.Restore.class, ModelsCommand.Retire.class,
                ConvertCommand.class})
final class ModelsCommand extends TreelineCli.Base {

    static final String DATA_PREP = "data-prep-service";

    @Option(names = "--retired", description = "Include retired models.")
    boolean retired;

    @Override
    public Integer call() {
        JsonNode defined = items(api().get(services.dataPrep, DATA_PREP, "/models" + (retired ? "?retired=true" : "")));
        JsonNode groups = items(api().get(services.registry, "registry-service", "/groups"));
        print(join(defined, groups, retired), "model=name", "description", "owner", "latest=latestVersion",
                "approved=latestApprovedVersion", "pending=pendingVersions", "last run=lastRun.status",
                "run at=lastRun.requestedAt", "rev=revision", "source");
        return 0;
    }

    /**
     * One row per model: data-prep's summary with the registry's versions; registry groups with versions that no
     * listed definition names (retired ones, or from before definitions) follow. Latest version 0 (none registered yet) shows as none.
     */
    static ArrayNode join(JsonNode defined, JsonNode groups, boolean withRetired) {
        Map<String, JsonNode> byGroup = new LinkedHashMap<>();
        groups.forEach(g -> byGroup.put(g.path("name").asText(), g));
        ArrayNode rows = Api.JSON.createArrayNode();
        for (JsonNode model : defined) {
            ObjectNode row = model.deepCopy();
            JsonNode group = byGroup.remove(model.path("name").asText());
            if (group != null) {
                copyVersions(group, row);
            }
            rows.add(row);
        }
        for (JsonNode group : byGroup.values()) {
            boolean hasVersions = group.path("latestVersion").asInt(0) > 0;
            if (!hasVersions || (!withRetired && group.path("retired").asBoolean(false))) {
                continue; // a group only a (since retired) definition made; data-prep lists it with --retired
            }
            ObjectNode row = Api.JSON.createObjectNode();
            row.set("name", group.path("name"));
            for (String field : new String[] {"description", "owner", "tags", "retired"}) {
                if (group.has(field)) {
                    row.set(field, group.get(field));
                }
            }
            copyVersions(group, row);
            rows.add(row);
        }
        return rows;
    }

    private static void copyVersions(JsonNode group, ObjectNode row) {
        int latest = group.path("latestVersion").asInt(0);
        if (latest > 0) {
            row.put("latestVersion", latest);
        }
        if (group.hasNonNull("latestApprovedVersion")) {
            row.set("latestApprovedVersion", group.get("latestApprovedVersion"));
        }
        row.put("pendingVersions", group.path("pendingVersions").asLong(0));
        if (!row.hasNonNull("description") && group.hasNonNull("description")) {
            row.set("description", group.get("description"));
        }
        if (!row.hasNonNull("owner") && group.hasNonNull("owner")) {
            row.set("owner", group.get("owner"));
        }
    }

    // --- shared by the subcommands ------------------------------------------------------------------------------

    /** "created house-prices revision 3: data.query, schedule" (paths only). */
    static String outcomeLine(JsonNode result) {
        StringBuilder line = new StringBuilder(String.format("%-9s %s", result.path("outcome").asText("?"),
                result.path("name").asText()));
        if (result.hasNonNull("revision")) {
            line.append("  revision ").append(result.get("revision").asText());
        }
        List<String> paths = new ArrayList<>();
        result.path("changes").forEach(c -> paths.add(c.path("path").asText()));
        if (!paths.isEmpty() && !"created".equals(result.path("outcome").asText())) {
            line.append(": ").append(String.join(", ", paths));
        }
        return line.toString();
    }

    /** "  tuning.max-trials: 12 -> 4" per change. */
    static void printChanges(PrintWriter out, JsonNode changes) {
        for (JsonNode change : changes) {
            out.println("  " + change.path("path").asText() + ": " + Table.text(change.get("before")) + " -> "
                    + Table.text(change.get("after")));
        }
    }

    /**
     * A 400 with violations: every problem on standard error, the model's file named when known; true when there
     * were any to print (the caller exits 1, nothing was applied).
     */
    static boolean printInvalid(CliException e, PrintWriter err, Map<String, Path> files) {
        if (e.exitCode() != CliException.BAD_REQUEST) {
            return false;
        }
        JsonNode problem = e.problem();
        JsonNode violations = problem == null ? null : problem.path("violations");
        if (violations == null || !violations.isArray() || violations.isEmpty()) {
            err.println("invalid: " + e.getMessage());
        } else {
            for (JsonNode violation : violations) {
                String field = violation.path("field").asText();
                int colon = field.indexOf(": ");
                String model = colon < 0 ? null : field.substring(0, colon);
                Path file = model == null ? null : files.get(model);
                err.println("invalid " + (file != null ? model + " (" + file + ") " + field.substring(colon + 2)
                        : field) + ": " + violation.path("message").asText());
            }
        }
        err.println("nothing applied");
        err.flush();
        return true;
    }

    /** Definitions as people read them: long queries on one line (or as a block when they hold line breaks). */
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());

    static String yaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The files, or null when some do not read (each problem printed; nothing is sent then). */
    static DefinitionFiles.Read readOrReport(Path path, PrintWriter err) {
        DefinitionFiles.Read read = DefinitionFiles.read(path);
        if (read.problems().isEmpty()) {
            return read;
        }
        read.problems().forEach(p -> err.println("invalid " + p));
        err.println("nothing applied");
        err.flush();
        return null;
    }

    static String modelPath(String name) {
        return "/models/" + Api.segment(name);
    }

    // --- subcommands ----------------------------------------------------------------------------------------------

    @Command(name = "apply", description = {"Create or update models from definition files, in one batch (role operator).",
            "Prints created / changed (with the changed fields) / unchanged / pruned per model. Any invalid"
                    + " definition fails the whole set: every problem is printed, nothing is applied, exit 1."})
    static final class Apply extends TreelineCli.Base {
        @Option(names = {"-f", "--file"}, required = true,
                description = "A definition file, or a folder: every *.yaml and *.yml in it")
        Path path;
        @Option(names = "--prune", description = "Retire every API-defined model that is not in the set"
                + " (models defined by data-prep's definitions folder are never pruned)")
        boolean prune;
        @Option(names = "--dry-run", description = "Validate and report what would change; apply nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            DefinitionFiles.Read read = readOrReport(path, err);
            if (read == null) {
                return CliException.INVALID;
            }
            Map<String, Path> files = new LinkedHashMap<>();
            ArrayNode definitions = Api.JSON.createArrayNode();
            read.files().forEach(f -> {
                files.put(f.name(), f.file());
                definitions.add(f.tree());
            });
            ObjectNode body = Api.JSON.createObjectNode();
            body.set("definitions", definitions);
            body.put("prune", prune);
            body.put("dryRun", dryRun);
            JsonNode answer;
            try {
                answer = api().send(services.dataPrep, DATA_PREP, "PUT", "/models", body);
            } catch (CliException e) {
                if (printInvalid(e, err, files)) {
                    return CliException.INVALID;
                }
                throw e;
            }
            if (json) {
                printJson(answer);
                return 0;
            }
            if (dryRun) {
                out().println("dry run: nothing applied");
            }
            answer.path("results").forEach(r -> out().println(outcomeLine(r)));
            out().flush();
            return 0;
        }
    }

    @Command(name = "show", description = "One model: summary, its definition (defaults written out) and revisions.")
    static final class Show extends TreelineCli.Base {
        @Parameters(index = "0", description = "Model name")
        String name;

        @Override
        public Integer call() {
            JsonNode model = api().get(services.dataPrep, DATA_PREP, modelPath(name));
            if (json) {
                printJson(model);
                return 0;
            }
            PrintWriter out = out();
            out.println(name + "  revision " + Table.text(model.get("revision")) + "  " + Table.text(model.get("source"))
                    + (model.hasNonNull("origin") ? " " + model.get("origin").asText() : "")
                    + (model.path("retired").asBoolean(false) ? "  RETIRED" : "")
                    + "  applied " + Table.text(model.get("appliedAt")) + " by " + Table.text(model.get("appliedBy")));
            out.println("description: " + Table.text(model.get("description")));
            List<String> tags = new ArrayList<>();
            model.path("tags").forEach(t -> tags.add(t.asText()));
            out.println("owner: " + Table.text(model.get("owner")) + "  tags: " + (tags.isEmpty() ? "-"
                    : String.join(", ", tags)));
            out.println("schedule: " + Table.text(model.get("schedule")) + "  next run: "
                    + Table.text(model.get("nextRunAt")));
            JsonNode lastRun = model.path("lastRun");
            out.println("last run: " + (lastRun.isObject() ? lastRun.path("runId").asText() + " "
                    + lastRun.path("status").asText() + " " + lastRun.path("requestedAt").asText() : "-"));
            out.println();
            out.println("# definition (revision " + Table.text(model.get("revision")) + ", defaults written out)");
            out.print(yaml(model.path("definition")));
            out.println();
            out.println("# revisions");
            ArrayNode revisions = Api.JSON.createArrayNode();
            for (JsonNode revision : model.path("revisions")) {
                ObjectNode row = revision.deepCopy();
                List<String> paths = new ArrayList<>();
                revision.path("changes").forEach(c -> paths.add(c.path("path").asText()));
                row.put("changed", String.join(", ", paths));
                revisions.add(row);
            }
            Table.print(out, revisions, "rev=revision", "action", "source", "by", "at", "changed");
            return 0;
        }
    }

    @Command(name = "diff", description = "What applying definition files would change, field by field (applies nothing).")
    static final class Diff extends TreelineCli.Base {
        @Option(names = {"-f", "--file"}, required = true, description = "A definition file, or a folder of them")
        Path path;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            DefinitionFiles.Read read = readOrReport(path, err);
            if (read == null) {
                return CliException.INVALID;
            }
            ArrayNode answers = Api.JSON.createArrayNode();
            for (DefinitionFiles.DefinitionFile file : read.files()) {
                JsonNode answer;
                try {
                    answer = api().send(services.dataPrep, DATA_PREP, "POST", modelPath(file.name()) + "/diff",
                            file.tree());
                } catch (CliException e) {
                    if (printInvalid(e, err, Map.of(file.name(), file.file()))) {
                        return CliException.INVALID;
                    }
                    throw e;
                }
                answers.add(answer);
                if (!json) {
                    out().println(answer.path("name").asText(file.name()) + ": "
                            + answer.path("outcome").asText("?") + " (" + file.file() + ")");
                    printChanges(out(), answer.path("changes"));
                }
            }
            if (json) {
                printJson(answers);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "validate", description = {"Dry run: check a definition and run its query on the warehouse for a"
            + " few rows (role operator).", "Reports the columns, their types and usage (label, key, feature,"
            + " ignored), the rows in the window and every problem; exit 1 when invalid."})
    static final class Validate extends TreelineCli.Base {
        @Option(names = {"-f", "--file"}, description = "The definition file to check")
        Path file;
        @Parameters(index = "0", arity = "0..1", description = "A model's current definition instead of a file")
        String name;
        @Option(names = "--rows", description = "Rows the query reads at most (default: the service's, 100)")
        Integer rows;

        @Override
        public Integer call() {
            if ((file == null) == (name == null)) {
                throw new CliException(CliException.BAD_REQUEST, "give either -f FILE or the name of a defined model");
            }
            DefinitionFiles.DefinitionFile definition = file == null ? null : DefinitionFiles.single(file);
            String model = definition != null ? definition.name() : name;
            JsonNode report;
            try {
                report = api().send(services.dataPrep, DATA_PREP, "POST", modelPath(model) + "/validate"
                        + Api.query(Api.params("rows", rows)), definition == null ? null : definition.tree());
            } catch (CliException e) {
                if (printInvalid(e, spec.commandLine().getErr(), definition == null ? Map.of()
                        : Map.of(model, definition.file()))) {
                    return CliException.INVALID;
                }
                throw e;
            }
            boolean valid = report.path("valid").asBoolean(false);
            if (json) {
                printJson(report);
                return valid ? 0 : CliException.INVALID;
            }
            PrintWriter out = out();
            out.println(model + ": " + (valid ? "valid" : "INVALID"));
            out.println("window " + Table.text(report.get("windowStart")) + " .. " + Table.text(report.get("windowEnd"))
                    + ": " + Table.text(report.get("rows")) + " rows (read at most " + Table.text(report.get("rowLimit"))
                    + ")");
            // a feature's kind (numeric or categorical) and, for categories and a text label, the distinct values read
            Table.print(out, report.path("columns"), "column=name", "type", "usage", "feature=featureType",
                    "distinct=distinctInSample");
            JsonNode problems = report.path("problems");
            if (problems.isArray() && !problems.isEmpty()) {
                out.println("problems:");
                problems.forEach(p -> out.println("  " + p.path("field").asText() + ": " + p.path("message").asText()));
            }
            out.flush();
            return valid ? 0 : CliException.INVALID;
        }
    }

    @Command(name = "restore", description = "Roll a model back to an earlier revision, as a new revision (role operator).")
    static final class Restore extends TreelineCli.Base {
        @Parameters(index = "0", description = "Model name")
        String name;
        @Parameters(index = "1", description = "The revision to restore")
        int revision;

        @Override
        public Integer call() {
            JsonNode answer = api().send(services.dataPrep, DATA_PREP, "POST", modelPath(name) + "/revisions/"
                    + revision + "/restore", null);
            if (json) {
                printJson(answer);
            } else {
                out().println(outcomeLine(answer) + "  (restored from revision " + revision + ")");
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "retire", description = "Retire a model (role operator): its schedule stops; history and versions"
            + " stay. Applying it again brings it back.")
    static final class Retire extends TreelineCli.Base {
        @Parameters(index = "0", description = "Model name")
        String name;

        @Override
        public Integer call() {
            JsonNode answer = api().send(services.dataPrep, DATA_PREP, "DELETE", modelPath(name), null);
            if (json) {
                printJson(answer);
            } else {
                out().println("unchanged".equals(answer.path("outcome").asText()) ? name + " was already retired"
                        : "retired " + name + "  revision " + Table.text(answer.get("revision")));
                out().flush();
            }
            return 0;
        }
    }
}
