package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        description = "Drive a Treeline installation: models, runs, versions, approvals, invocations.",
        subcommands = {
                TreelineCli.Login.class, TreelineCli.Logout.class, TreelineCli.Whoami.class,
                ModelsCommand.class, WarehouseCommand.class, TreelineCli.Kickoff.class, TreelineCli.Runs.class, TreelineCli.Run.class,
                TreelineCli.Versions.class, TreelineCli.Evaluations.class, TreelineCli.Approve.class,
                TreelineCli.Reject.class, TreelineCli.Invoke.class, TreelineCli.Lineage.class,
                TreelineCli.TuningHistory.class, TreelineCli.Deployments.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a definition is invalid (models apply, diff, validate: every problem printed, nothing applied)", "2:invalid command line", "3:not found", "4:not logged in, token expired, or not allowed (log in again: ./treeline login)",
                "5:conflict (e.g. a run is already active, a transition is not allowed)",
                "6:a service is not reachable", "7:a service failed", "8:the request was refused as invalid"})
public final class TreelineCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, for embedding (tests, other launchers). */
    public static CommandLine commandLine() {
        // The AWS SDK's signer logs through SLF4J, which has no provider here: no "no providers" warning either.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
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

    @Command(name = "login", description = {"Log in to the registry and cache the token (0600) for the other commands.",
            "The password comes from --password or TREELINE_PASSWORD, else the terminal, else one line of standard"
                    + " input. With TREELINE_USER and TREELINE_PASSWORD set, commands log in again by themselves"
                    + " when the token expires."})
    static final class Login extends Base {
        @Override
        public Integer call() throws IOException {
            String user = services.user != null && !services.user.isBlank() ? services.user : "admin";
            String password = services.password != null ? services.password : readPassword(user);
            TokenCache.CachedToken token = api().login(user, password);
            if (json) {
                printJson(Api.JSON.valueToTree(Map.of("username", token.username(), "roles", token.roles(),
                        "expiresAt", token.expiresAt().toString(), "tokenFile",
                        services.tokenCache().file().toString())));
            } else {
                out().println("logged in as " + token.username() + " (" + String.join(", ", token.roles())
                        + ") until " + token.expiresAt() + "; token cached in " + services.tokenCache().file());
                out().flush();
            }
            return 0;
        }

        private static String readPassword(String user) throws IOException {
            java.io.Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("password for %s: ", user);
                if (typed == null) {
                    throw new CliException(CliException.BAD_REQUEST, "no password given");
                }
                return new String(typed);
            }
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CliException(CliException.BAD_REQUEST,
                        "no password: give --password, TREELINE_PASSWORD or one line on standard input");
            }
            return line;
        }
    }

    @Command(name = "logout", description = "Forget the cached token (it stays valid until it expires, minutes at most).")
    static final class Logout extends Base {
        @Override
        public Integer call() throws IOException {
            TokenCache cache = services.tokenCache();
            out().println(cache.delete() ? "logged out (deleted " + cache.file() + ")" : "not logged in");
            out().flush();
            return 0;
        }
    }

    @Command(name = "whoami", description = "Who the cached token says you are: user, roles, expiry (asks the registry).")
    static final class Whoami extends Base {
        @Override
        public Integer call() {
            JsonNode me = api().get(services.registry, "registry-service", "/auth/whoami");
            if (json) {
                printJson(me);
            } else {
                List<String> roles = new java.util.ArrayList<>();
                me.path("roles").forEach(r -> roles.add(r.asText()));
                out().println(Table.text(me.get("username")) + "  roles " + String.join(", ", roles) + "  until "
                        + Table.text(me.get("expiresAt")));
                out().flush();
            }
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

    @Command(name = "invoke", description = {"Get predictions from an account's endpoint (SageMaker InvokeEndpoint),"
            + " signed with AWS Signature Version 4.",
            "The access key: --access-key-id/--secret-access-key, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else"
                    + " the demo invoker's key the local run writes (<data dir>/demo-invoker.credentials)."})
    static final class Invoke extends Base {
        @Parameters(index = "0", description = "Account: sandbox, qa, prod, or one given with --account-url")
        String account;
        @Parameters(index = "1", description = "Model group")
        String model;
        @Option(names = "--csv", description = "Rows of features, one per line (use \\n between rows)")
        String csv;
        @Option(names = "--file", description = "A CSV file of feature rows (no header, no label)")
        Path file;
        @Option(names = "--access-key-id", description = "Access key id (TLAK...) of a user with the role invoker")
        String accessKeyId;
        @Option(names = "--secret-access-key", arity = "1", description = "Its secret")
        String secretAccessKey;
        @Option(names = "--region", defaultValue = "us-east-1",
                description = "Region in the signature's scope (default ${DEFAULT-VALUE})")
        String region;
        @Option(names = "--data-dir", defaultValue = "${env:TREELINE_DATA_DIR:-.treeline-data}",
                description = "The local run's data dir, where it writes the demo invoker's key (env TREELINE_DATA_DIR,"
                        + " default ${DEFAULT-VALUE})")
        Path dataDir;

        @Override
        public Integer call() throws IOException {
            if ((csv == null) == (file == null)) {
                throw new CliException(CliException.BAD_REQUEST, "give exactly one of --csv or --file");
            }
            byte[] body = (csv != null ? csv.replace("\\n", "\n") : Files.readString(file))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            URI base = services.account(account);
            InvocationSigner.AccessKey key = InvocationSigner.resolve(accessKeyId, secretAccessKey, System.getenv(),
                    dataDir.resolve(DEMO_INVOKER_FILE));
            if (key == null) {
                throw new CliException(CliException.UNAUTHORIZED, "no access key to sign with: set AWS_ACCESS_KEY_ID"
                        + " and AWS_SECRET_ACCESS_KEY, give --access-key-id/--secret-access-key, or start the local run"
                        + " (it writes the demo invoker's key to " + dataDir.resolve(DEMO_INVOKER_FILE) + ")");
            }
            URI uri = base.resolve("/endpoints/" + Api.segment(Services.endpointName(account)) + "/invocations");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "text/csv");
            headers.put("Accept", json ? "application/json" : "text/csv");
            headers.put("X-Amzn-SageMaker-Target-Model", model);
            Map<String, String> signed = InvocationSigner.sign("POST", uri, headers, body, key, region,
                    java.time.Clock.systemUTC());
            String service = "deployer " + account;
            HttpResponse<String> response = api().sendRaw(base, service,
                    InvocationSigner.toHttpRequest("POST", uri, signed, body));
            int status = response.statusCode();
            if (status >= 300) {
                String error = InvocationSigner.awsError(response.headers().firstValue("x-amzn-ErrorType")
                        .orElse(null), response.body());
                String message = service + ": " + (error.isBlank() ? "HTTP " + status : error);
                throw new CliException(switch (status) {
                    case 401, 403 -> CliException.UNAUTHORIZED;
                    case 404 -> CliException.NOT_FOUND;
                    case 409 -> CliException.CONFLICT;
                    default -> status < 500 ? CliException.BAD_REQUEST : CliException.SERVER_ERROR;
                }, message);
            }
            out().print(response.body().endsWith("\n") ? response.body() : response.body() + "\n");
            out().flush();
            return 0;
        }
    }

    /** The file (AWS shared-credentials format) in which the local run leaves its demo invoker's access key. */
    public static final String DEMO_INVOKER_FILE = "demo-invoker.credentials";

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
