package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./treeline}: the platform for people: kick off runs, follow them, approve, invoke, roll back. */
@Command(name = "treeline", mixinStandardHelpOptions = true, version = "treeline 0.1.0",
        description = "Drive a Treeline installation: runs, versions, approvals, invocations.",
        subcommands = {
                TreelineCli.Models.class, TreelineCli.Kickoff.class, TreelineCli.Runs.class, TreelineCli.Run.class,
                TreelineCli.Versions.class, TreelineCli.Evaluations.class, TreelineCli.Approve.class,
                TreelineCli.Reject.class, TreelineCli.Invoke.class, TreelineCli.Lineage.class,
                TreelineCli.TuningHistory.class, TreelineCli.Deployments.class, TreelineCli.HashPassword.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:invalid command line", "3:not found", "4:not authenticated or not allowed",
                "5:conflict (e.g. a run is already active, a transition is not allowed)",
                "6:a service is not reachable", "7:a service failed", "8:the request was refused as invalid"})
public final class TreelineCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, for embedding (tests, other launchers). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TreelineCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException failure) {
                commandLine.getErr().println("error: " + failure.getMessage());
                commandLine.getErr().flush();
                return failure.exitCode();
            }
            throw e;
        });
        return cli;
    }

    /** What every command shares: where the services are, who is asking, how to print. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Services services;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
        @Option(names = "--json", description = "Print the service's JSON answer instead of a table.")
        boolean json;
        @Spec
        CommandSpec spec;

        Api api() {
            return new Api(services);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printJson(JsonNode node) {
            try {
                out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                out().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Table unless --json. */
        void print(JsonNode rows, String... columns) {
            if (json) {
                printJson(rows);
            } else {
                Table.print(out(), rows.isArray() ? rows : Api.JSON.createArrayNode().add(rows), columns);
            }
        }

        /** Lists may come bare or wrapped ({"items": [...]}); tables want the array. */
        static JsonNode items(JsonNode answer) {
            for (String field : new String[] {"items", "versions", "groups", "runs", "models", "content"}) {
                if (answer.has(field) && answer.get(field).isArray()) {
                    return answer.get(field);
                }
            }
            return answer;
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Print the bcrypt hash of a password, for configuration that must not hold passwords:",
                    "a deployer's management users (treeline.admin.users.<name>=<hash>).",
                    "Reads the password from the terminal (asked twice), or one line from standard input."})
    static final class HashPassword implements Callable<Integer> {
        @Option(names = "--cost", defaultValue = "10", description = "bcrypt cost (4-31; default ${DEFAULT-VALUE}).")
        int cost;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (cost < 4 || cost > 31) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cost must be between 4 and 31, got " + cost);
            }
            char[] password = readPassword();
            if (password.length < 8) {
                throw new CliException(CliException.BAD_REQUEST, "the password has " + password.length + " characters; use at least 8");
            }
            spec.commandLine().getOut().println(PasswordHash.bcrypt(password, cost));
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static char[] readPassword() throws IOException {
            java.io.Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("password: ");
                char[] again = console.readPassword("again: ");
                if (first == null || !java.util.Arrays.equals(first, again)) {
                    throw new CliException(CliException.BAD_REQUEST, "the two passwords differ");
                }
                return first;
            }
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CliException(CliException.BAD_REQUEST, "no password on standard input");
            }
            return line.toCharArray();
        }
    }

    @Command(name = "models", description = "Model groups in the registry: latest, approved and pending versions.")
    static final class Models extends Base {
        @Override
        public Integer call() {
            JsonNode groups = items(api().get(services.registry, "registry-service", "/groups"));
            print(groups, "model=name", "latest=latestVersion", "approved=latestApprovedVersion",
                    "pending=pendingVersions", "since=createdAt");
            return 0;
        }
    }

    @Command(name = "kickoff", description = "Start a retraining run of a model.")
    static final class Kickoff extends Base {
        @Parameters(index = "0", description = "Model group, e.g. house-prices")
        String model;
        @Option(names = "--testing", description = "One trial only; the version is flagged as a test.")
        boolean testing;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model);
            body.put("testing", testing);
            JsonNode run = api().send(services.dataPrep, "data-prep-service", "POST", "/runs", body);
            if (json) {
                printJson(run);
            } else {
                out().println("run " + Table.text(run.get("runId"))
                        + " started for " + model + (testing ? " (testing)" : ""));
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "runs", description = "Recent runs, newest first.")
    static final class Runs extends Base {
        @Parameters(index = "0", arity = "0..1", description = "Only this model")
        String model;
        @Option(names = "--status", description = "REQUESTED, EXTRACTING, READY or FAILED")
        String status;

        @Override
        public Integer call() {
            JsonNode runs = items(api().get(services.dataPrep, "data-prep-service",
                    "/runs" + Api.query(Api.params("model", model, "status", status))));
            print(runs, "run=runId", "model", "status", "reason", "testing", "requested=requestedAt", "rows=rows.total",
                    "failure=failureReason");
            return 0;
        }
    }

    @Command(name = "run", description = "One run's timeline across stages and accounts.")
    static final class Run extends Base {
        @Parameters(index = "0", description = "Run id")
        String id;

        @Override
        public Integer call() {
            JsonNode run = api().get(services.dataPrep, "data-prep-service", "/runs/" + Api.segment(id));
            if (json || !run.has("timeline")) {
                printJson(run);
            } else {
                out().println("run " + id + "  model " + Table.text(run.get("model")) + "  status "
                        + Table.text(run.get("status")));
                Table.print(out(), withOwnStages(run), "at", "stage", "what=summary");
            }
            return 0;
        }
    }

    /** data-prep's own stages (request, dataset or failure) first, then the later stages it recorded. */
    static JsonNode withOwnStages(JsonNode run) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = Api.JSON.createArrayNode();
        rows.addObject().put("at", Table.text(run.get("requestedAt"))).put("stage", "data-prep")
                .put("summary", "requested (" + Table.text(run.get("reason")).toLowerCase(java.util.Locale.ROOT)
                        + (run.path("testing").asBoolean() ? ", testing" : "") + ") by "
                        + Table.text(run.get("requestedBy")));
        String status = run.path("status").asText();
        if (status.equals("READY")) {
            JsonNode counts = run.path("rows");
            rows.addObject().put("at", Table.text(run.get("finishedAt"))).put("stage", "data-prep")
                    .put("summary", "dataset ready: " + Table.text(counts.get("total")) + " rows (train "
                            + Table.text(counts.get("train")) + ", validation " + Table.text(counts.get("validation"))
                            + ", test " + Table.text(counts.get("test")) + ")");
        } else if (status.equals("FAILED")) {
            rows.addObject().put("at", Table.text(run.get("finishedAt"))).put("stage", "data-prep")
                    .put("summary", "FAILED: " + Table.text(run.get("failureReason")));
        }
        run.path("timeline").forEach(rows::add);
        return rows;
    }

    @Command(name = "versions", description = "Versions of a model in the registry, newest first.")
    static final class Versions extends Base {
        @Parameters(index = "0", description = "Model group")
        String model;
        @Option(names = "--status", description = "PendingManualApproval, Approved or Rejected")
        String status;

        @Override
        public Integer call() {
            JsonNode versions = items(api().get(services.registry, "registry-service", "/groups/"
                    + Api.segment(model) + "/versions" + Api.query(Api.params("status", status))));
            print(versions, "version", "status=approvalStatus", "testing", "registered=registeredAt",
                    "tuning job=tuningJobName", "metric=objectiveMetric", "value=objectiveMetricValue",
                    "test=testMetrics");
            return 0;
        }
    }

    @Command(name = "evaluations", description = "Test-split evaluation history of a model.")
    static final class Evaluations extends Base {
        @Parameters(index = "0", description = "Model group")
        String model;
        @Option(names = "--csv", description = "CSV for spreadsheets and reports.")
        boolean csv;

        @Override
        public Integer call() {
            String path = "/groups/" + Api.segment(model) + "/evaluations";
            if (csv) {
                out().print(api().getText(services.registry, "registry-service", path + ".csv", "text/csv"));
                out().flush();
            } else {
                printJson(api().get(services.registry, "registry-service", path));
            }
            return 0;
        }
    }

    /** Approve and reject differ only in the target status. */
    abstract static class StatusChange extends Base {
        @Parameters(index = "0", description = "Model group")
        String model;
        @Parameters(index = "1", description = "Version number")
        int version;
        @Option(names = "--reason", required = true, description = "Why (kept in the audit trail)")
        String reason;

        abstract String target();

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("approvalStatus", target());
            body.put("reason", reason);
            return body;
        }

        @Override
        public Integer call() {
            JsonNode answer = api().send(services.registry, "registry-service", "PUT",
                    "/groups/" + Api.segment(model) + "/versions/" + version + "/status", body());
            if (json) {
                printJson(answer);
            } else {
                out().println(model + " version " + version + " is now " + target());
                out().flush();
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a version (role approver); accounts that follow approvals deploy it.")
    static final class Approve extends StatusChange {
        @Option(names = "--override-testing", description = "Approve a testing-mode version on purpose.")
        boolean overrideTesting;

        @Override
        String target() {
            return "Approved";
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = super.body();
            if (overrideTesting) {
                body.put("overrideTesting", true);
            }
            return body;
        }
    }

    @Command(name = "reject", description = "Reject a version (role approver); accounts serving it roll back.")
    static final class Reject extends StatusChange {
        @Override
        String target() {
            return "Rejected";
        }
    }

    @Command(name = "invoke", description = "Get predictions from an account's endpoint (SageMaker InvokeEndpoint).")
    static final class Invoke extends Base {
        @Parameters(index = "0", description = "Account: sandbox, qa, prod, or one given with --account-url")
        String account;
        @Parameters(index = "1", description = "Model group")
        String model;
        @Option(names = "--csv", description = "Rows of features, one per line (use \\n between rows)")
        String csv;
        @Option(names = "--file", description = "A CSV file of feature rows (no header, no label)")
        Path file;

        @Override
        public Integer call() throws IOException {
            if ((csv == null) == (file == null)) {
                throw new CliException(CliException.BAD_REQUEST, "give exactly one of --csv or --file");
            }
            String body = csv != null ? csv.replace("\\n", "\n") : Files.readString(file);
            URI base = services.account(account);
            HttpResponse<String> response = api().postAnonymous(base, "deployer " + account,
                    "/endpoints/" + Services.endpointName(account) + "/invocations",
                    Map.of("Content-Type", "text/csv", "Accept", json ? "application/json" : "text/csv",
                            "X-Amzn-SageMaker-Target-Model", model), body);
            out().print(response.body().endsWith("\n") ? response.body() : response.body() + "\n");
            out().flush();
            return 0;
        }
    }

    @Command(name = "lineage", description = "Where a version came from: run, query, window, datasets, tuning job.")
    static final class Lineage extends Base {
        @Parameters(index = "0", description = "Model group")
        String model;
        @Parameters(index = "1", description = "Version number")
        int version;

        @Override
        public Integer call() {
            printJson(api().get(services.registry, "registry-service",
                    "/groups/" + Api.segment(model) + "/versions/" + version + "/lineage"));
            return 0;
        }
    }

    @Command(name = "tuning-history", description = "Tuning jobs of a model (warm-start chain).")
    static final class TuningHistory extends Base {
        @Parameters(index = "0", description = "Model group")
        String model;
        @Option(names = "--csv", description = "The classic CSV (datetime,tuningjob,metric,layer,...)")
        boolean csv;

        @Override
        public Integer call() {
            String path = "/tuning-jobs" + Api.query(Api.params("model", model, "format", csv ? "csv" : null));
            if (csv) {
                out().print(api().getText(services.tuning, "tuning-service", path, "text/csv"));
                out().flush();
            } else {
                print(items(api().get(services.tuning, "tuning-service", path)), "job=name", "status",
                        "created=datetime", "trials=trainingJobCount", "strategy", "warm start=warmStartType",
                        "parents", "metric=evalMetric", "value=evalMetricValue");
            }
            return 0;
        }
    }

    @Command(name = "deployments", description = "What each account serves now.")
    static final class Deployments extends Base {
        @Parameters(index = "0", arity = "0..1", description = "One account (default: sandbox, qa and prod)")
        String account;

        @Override
        public Integer call() {
            for (String name : account != null ? new String[] {account} : new String[] {"sandbox", "qa", "prod"}) {
                JsonNode models = items(api().get(services.account(name), "deployer " + name, "/models"));
                if (json) {
                    printJson(models);
                } else {
                    out().println("[" + name + "]");
                    Table.print(out(), models, "model=modelGroup", "version", "action", "since=updatedAt", "loaded",
                            "bytes=sizeBytes", "last used=lastUsedAt", "sha256");
                }
            }
            return 0;
        }
    }
}
