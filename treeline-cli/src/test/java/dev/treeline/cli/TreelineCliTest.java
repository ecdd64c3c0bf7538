package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How the CLI talks to a service and reports failures: requests, tables, exit codes. A scripted HTTP
 * server stands in for the services here; the end-to-end test drives the CLI against the real ones.
 */
class TreelineCliTest {

    HttpServer server;
    final List<String> requests = new ArrayList<>();
    volatile int status = 200;
    volatile String body = "[]";
    volatile String contentType = "application/json";
    /** As a deployer does (Quarkus HTTP Basic, proactive): a request with credentials of a user it does not know is 401. */
    volatile boolean refuseForeignCredentials;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " "
                + exchange.getRequestHeaders().getFirst("X-Amzn-SageMaker-Target-Model") + " " + sent);
        if (refuseForeignCredentials && exchange.getRequestHeaders().getFirst("Authorization") != null) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) {
        CommandLine cli = TreelineCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result runWithStdin(String stdin, String... args) {
        java.io.InputStream original = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void hashPasswordPrintsABcryptHashThatVerifiesTheStandardInputPassword() {
        Result result = runWithStdin("deployer-admin-secret\n", "hash-password", "--cost", "4");

        assertThat(result.exit()).isZero();
        String hash = result.out().strip();
        assertThat(hash).matches("\\$2a\\$04\\$[./A-Za-z0-9]{53}").doesNotContain("deployer-admin-secret");
        assertThat(PasswordHash.matches("deployer-admin-secret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("deployer-admin-secreT".toCharArray(), hash)).isFalse();
        assertThat(runWithStdin("deployer-admin-secret\n", "hash-password", "--cost", "4").out().strip())
                .as("salted: a second hash differs").isNotEqualTo(hash);
    }

    @Test
    void hashPasswordRefusesShortPasswordsAndBadCosts() {
        Result shortOne = runWithStdin("admin\n", "hash-password");
        assertThat(shortOne.exit()).isEqualTo(8);
        assertThat(shortOne.err()).contains("5 characters").contains("at least 8");

        assertThat(runWithStdin("long enough secret\n", "hash-password", "--cost", "40").exit()).isEqualTo(2);
    }

    @Test
    void kickoffPostsTheModelAndPrintsTheRunId() {
        status = 202;
        body = "{\"runId\":\"5f1c\",\"status\":\"REQUESTED\"}";
        Result result = run("kickoff", "house-prices", "--testing", "--data-prep-url", url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("run 5f1c started for house-prices (testing)");
        assertThat(requests).singleElement().asString().startsWith("POST /runs ")
                .contains("{\"model\":\"house-prices\",\"testing\":true}");
    }

    @Test
    void listsArePrintedAsTablesWithTheRequestedFilters() {
        body = "[{\"runId\":\"r1\",\"model\":\"churn\",\"status\":\"READY\",\"rows\":{\"total\":120}}]";
        Result result = run("runs", "churn", "--status", "READY", "--data-prep-url", url());

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines().toList()).first().asString().startsWith("RUN").contains("STATUS");
        assertThat(result.out()).contains("r1").contains("READY").contains("120");
        assertThat(requests.get(0)).startsWith("GET /runs?model=churn&status=READY ");
    }

    @Test
    void aRunsTimelineStartsWithItsOwnStagesThenTheLaterOnes() {
        body = "{\"runId\":\"r9\",\"model\":\"churn\",\"status\":\"READY\",\"reason\":\"DRIFT\","
                + "\"requestedBy\":\"monitor\",\"requestedAt\":\"2026-11-24T10:00:00Z\","
                + "\"finishedAt\":\"2026-11-24T10:00:05Z\",\"rows\":{\"total\":100,\"train\":70,"
                + "\"validation\":15,\"test\":15},\"timeline\":[{\"at\":\"2026-11-24T10:01:00Z\","
                + "\"stage\":\"registry\",\"summary\":\"registered as churn version 4\"}]}";
        Result result = run("run", "r9", "--data-prep-url", url());

        assertThat(result.exit()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("run r9  model churn  status READY");
        assertThat(lines.get(2)).contains("data-prep").contains("requested (drift) by monitor");
        assertThat(lines.get(3)).contains("dataset ready: 100 rows (train 70, validation 15, test 15)");
        assertThat(lines.get(4)).contains("registry").contains("registered as churn version 4");
    }

    @Test
    void approveSendsTheReasonWithTheCredentials() {
        body = "{}";
        Result result = run("approve", "churn", "3", "--reason", "beats v2", "--registry-url", url(),
                "--user", "alice", "--password", "s3cret");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("churn version 3 is now Approved");
        assertThat(requests.get(0)).startsWith("PUT /groups/churn/versions/3/status Basic YWxpY2U6czNjcmV0")
                .contains("\"approvalStatus\":\"Approved\"").contains("\"reason\":\"beats v2\"");
    }

    @Test
    void invokeSendsCsvToTheAccountEndpointWithTheTargetModel() {
        body = "1.5\n2.5\n";
        contentType = "text/csv";
        Result result = run("invoke", "qa", "churn", "--csv", "1,2,3\\n4,5,6", "--account-url", "qa=" + url());

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("1.5\n2.5\n");
        assertThat(requests.get(0)).startsWith("POST /endpoints/treeline-qa/invocations ").contains(" churn 1,2,3\n4,5,6");
    }

    @Test
    void invokeSendsNoCredentialsSoARegistryUserDoesNotBreakIt() {
        refuseForeignCredentials = true;
        body = "1.5\n";
        contentType = "text/csv";
        Result result = run("invoke", "qa", "churn", "--csv", "1,2,3", "--account-url", "qa=" + url(),
                "--user", "alice", "--password", "alice-approves");

        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("1.5\n");
        assertThat(requests.get(0)).startsWith("POST /endpoints/treeline-qa/invocations null churn");
    }

    @Test
    void theReadmesSequenceInvokesWithTheApproverExportedInTheEnvironment() throws Exception {
        // export TREELINE_USER=alice TREELINE_PASSWORD=alice-approves, then ./treeline invoke qa ...: a new process,
        // because the CLI reads those variables from its own environment.
        refuseForeignCredentials = true;
        body = "2.5\n";
        contentType = "text/csv";
        ProcessBuilder cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TreelineCli.class.getName(), "invoke", "qa",
                "house-prices", "--csv", "72.1,3,31.2,4.4,6,0,61.5").redirectErrorStream(true);
        cli.environment().put("TREELINE_USER", "alice");
        cli.environment().put("TREELINE_PASSWORD", "alice-approves");
        cli.environment().put("TREELINE_ACCOUNT_QA_URL", url());
        Process process = cli.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("2.5\n");
        assertThat(process.exitValue()).isZero();
        assertThat(requests).singleElement().asString()
                .startsWith("POST /endpoints/treeline-qa/invocations null house-prices 72.1,3,31.2,4.4,6,0,61.5");
    }

    @Test
    void tuningHistoryShowsWhenEachJobWasCreatedAndHowManyTrialsItRan() throws Exception {
        body = "[" + TuningApiShapes.jobSummary("tj-house-prices-2", Instant.parse("2026-11-24T21:50:31Z"), 12)
                + "]";
        Result result = run("tuning-history", "house-prices", "--tuning-url", url());

        assertThat(result.exit()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("CREATED", "TRIALS");
        Map<String, String> row = TuningApiShapes.cells(lines.get(0), lines.get(1));
        assertThat(row).containsEntry("JOB", "tj-house-prices-2").containsEntry("CREATED", "2026-11-24T21:50:31Z")
                .containsEntry("TRIALS", "12");
        assertThat(requests.get(0)).startsWith("GET /tuning-jobs?model=house-prices ");
    }

    @Test
    void problemDetailsBecomeOneLineErrorsWithDistinctExitCodes() {
        status = 409;
        contentType = "application/problem+json";
        body = "{\"status\":409,\"title\":\"Conflict\",\"detail\":\"run 77 of churn is still extracting\"}";
        Result conflict = run("kickoff", "churn", "--data-prep-url", url());
        assertThat(conflict.exit()).isEqualTo(CliException.CONFLICT);
        assertThat(conflict.err()).isEqualTo("error: data-prep-service: run 77 of churn is still extracting\n");

        status = 404;
        body = "{\"status\":404,\"detail\":\"unknown model group 'nope'\"}";
        Result missing = run("versions", "nope", "--registry-url", url());
        assertThat(missing.exit()).isEqualTo(CliException.NOT_FOUND);
        assertThat(missing.err()).contains("unknown model group 'nope'");

        status = 401;
        Result anonymous = run("versions", "churn", "--registry-url", url());
        assertThat(anonymous.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(anonymous.err()).contains("not authenticated");

        status = 403;
        Result forbidden = run("reject", "churn", "1", "--reason", "x", "--registry-url", url(), "-u", "viewer");
        assertThat(forbidden.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(forbidden.err()).contains("user 'viewer' lacks the role");
    }

    @Test
    void anUnreachableServiceSaysWhichAndHowToStartIt() {
        server.stop(0);
        Result result = run("runs", "--data-prep-url", url());
        assertThat(result.exit()).isEqualTo(CliException.UNREACHABLE);
        assertThat(result.err()).contains("data-prep-service is not reachable at " + url()).contains("run-local.sh");
    }

    @Test
    void usageErrorsAndUnknownAccountsAreExplained() {
        Result noReason = run("approve", "churn", "3");
        assertThat(noReason.exit()).isEqualTo(2);
        assertThat(noReason.err()).contains("Missing required option: '--reason=<reason>'");

        Result unknownAccount = run("invoke", "staging", "churn", "--csv", "1");
        assertThat(unknownAccount.exit()).isEqualTo(CliException.BAD_REQUEST);
        assertThat(unknownAccount.err()).contains("unknown account 'staging'");

        Result help = run("invoke", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: treeline invoke", "--file", "--csv", "--account-url");
    }
}
