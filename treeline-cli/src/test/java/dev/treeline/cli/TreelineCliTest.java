package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
    /** What /auth/token answers: 200 with a token for the Basic user, or this status. */
    volatile int tokenStatus = 200;
    volatile int tokensIssued;
    /** A bearer token the scripted services refuse with 401 (as if it expired early). */
    volatile String refusedToken;
    volatile com.sun.net.httpserver.Headers lastHeaders;
    @org.junit.jupiter.api.io.TempDir
    Path home;

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
        lastHeaders = exchange.getRequestHeaders();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (exchange.getRequestURI().getPath().equals("/auth/token")) {
            answerToken(exchange, authorization);
            return;
        }
        if (refusedToken != null && ("Bearer " + refusedToken).equals(authorization)) {
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

    private void answerToken(HttpExchange exchange, String authorization) throws IOException {
        if (tokenStatus != 200) {
            exchange.sendResponseHeaders(tokenStatus, -1);
            exchange.close();
            return;
        }
        String user = new String(java.util.Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                StandardCharsets.UTF_8).split(":", 2)[0];
        int n = ++tokensIssued;
        byte[] bytes = ("{\"accessToken\":\"token-" + n + "\",\"tokenType\":\"Bearer\",\"expiresIn\":300,"
                + "\"expiresAt\":\"" + Instant.now().plusSeconds(300) + "\",\"username\":\"" + user + "\","
                + "\"roles\":[\"approver\",\"viewer\",\"invoker\"]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Path tokenFile() {
        return home.resolve("config/treeline/token.json");
    }

    /** As after `./treeline login` as alice: a cached token for this registry, valid for this long. */
    private void loggedIn(String token, java.time.Duration validFor) throws IOException {
        new TokenCache(tokenFile()).write(new TokenCache.CachedToken(url(), "alice", List.of("approver"), token,
                Instant.now().plus(validFor)));
    }

    /** The scripted server plays every service; the token file is this test's own. */
    private String[] everywhere(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-prep-url", url(), "--tuning-url", url(), "--registry-url", url(),
                "--token-file", tokenFile().toString()));
        return all.toArray(String[]::new);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) {
        CliRun run = CliRun.of(args);
        return new Result(run.exit(), run.out(), run.err());
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
    void loginSendsBasicOnlyToTheTokenEndpointAndCachesTheTokenForItsOwnerOnly() throws Exception {
        Result result = run(everywhere("login", "--user", "alice", "--password", "alice-approves"));

        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("logged in as alice").contains(tokenFile().toString());
        assertThat(requests).singleElement().asString().startsWith("POST /auth/token Basic YWxpY2U6YWxpY2UtYXBwcm92ZXM=");
        assertThat(java.nio.file.Files.getPosixFilePermissions(tokenFile()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.readString(tokenFile())).contains("token-1").doesNotContain("alice-approves");
    }

    @Test
    void loginReadsThePasswordFromStandardInputWhenNotGiven() {
        Result result = runWithStdin("from-stdin-secret\n", everywhere("login", "-u", "bob"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(requests.get(0)).startsWith("POST /auth/token Basic " + java.util.Base64.getEncoder()
                .encodeToString("bob:from-stdin-secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusedLoginExitsFourAndCachesNothing() {
        tokenStatus = 401;
        Result result = run(everywhere("login", "--user", "alice", "--password", "wrong"));

        assertThat(result.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(result.err()).contains("wrong user or password for 'alice'");
        assertThat(tokenFile()).doesNotExist();
    }

    @Test
    void everyOtherCommandSendsTheCachedTokenAsBearer() throws Exception {
        loggedIn("cached-token", java.time.Duration.ofMinutes(4));
        body = "{}";
        Result result = run(everywhere("approve", "churn", "3", "--reason", "beats v2"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("churn version 3 is now Approved");
        assertThat(requests).singleElement().asString()
                .startsWith("PUT /groups/churn/versions/3/status Bearer cached-token")
                .contains("\"approvalStatus\":\"Approved\"").contains("\"reason\":\"beats v2\"");
    }

    @Test
    void anExpiredTokenWithCredentialsGivenLogsInAgainFirst() throws Exception {
        loggedIn("old-token", java.time.Duration.ofSeconds(-5));
        Result result = run(everywhere("runs", "--user", "alice", "--password", "alice-approves"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).startsWith("POST /auth/token Basic ");
        assertThat(requests.get(1)).startsWith("GET /runs Bearer token-1");
        assertThat(new TokenCache(tokenFile()).read()).get().extracting(TokenCache.CachedToken::accessToken)
                .isEqualTo("token-1");
    }

    @Test
    void anExpiredTokenWithoutCredentialsExitsFourAskingToLogInAgain() throws Exception {
        loggedIn("old-token", java.time.Duration.ofSeconds(-5));
        Result expired = run(everywhere("runs"));
        assertThat(expired.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(expired.err()).contains("log in again: ./treeline login");
        assertThat(requests).as("nothing sent with a token known to be expired").isEmpty();

        java.nio.file.Files.delete(tokenFile());
        Result never = run(everywhere("runs"));
        assertThat(never.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(never.err()).contains("not logged in; log in again: ./treeline login");
    }

    @Test
    void aTokenTheServiceRefusesIsRenewedOnceWithCredentialsElseExitsFour() throws Exception {
        loggedIn("revoked-token", java.time.Duration.ofMinutes(4));
        refusedToken = "revoked-token";
        Result renewed = run(everywhere("runs", "--user", "alice", "--password", "alice-approves"));
        assertThat(renewed.exit()).as(renewed.err()).isZero();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1)).startsWith("POST /auth/token");
        assertThat(requests.get(2)).startsWith("GET /runs Bearer token-1");

        loggedIn("revoked-token", java.time.Duration.ofMinutes(4));
        Result refused = run(everywhere("runs"));
        assertThat(refused.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(refused.err()).contains("refused the token of 'alice'; log in again: ./treeline login");
    }

    @Test
    void logoutForgetsTheTokenAndWhoamiAsksTheRegistry() throws Exception {
        loggedIn("cached-token", java.time.Duration.ofMinutes(4));
        body = "{\"username\":\"alice\",\"roles\":[\"approver\",\"viewer\",\"invoker\"],\"expiresAt\":\"2026-12-02T01:00:00Z\"}";
        Result whoami = run(everywhere("whoami"));
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).isEqualTo("alice  roles approver, viewer, invoker  until 2026-12-02T01:00:00Z\n");
        assertThat(requests.get(0)).startsWith("GET /auth/whoami Bearer cached-token");

        Result logout = run(everywhere("logout"));
        assertThat(logout.exit()).isZero();
        assertThat(logout.out()).startsWith("logged out");
        assertThat(tokenFile()).doesNotExist();
        assertThat(run(everywhere("whoami")).exit()).isEqualTo(CliException.UNAUTHORIZED);
    }

    @Test
    void kickoffPostsTheModelAndPrintsTheRunId() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        status = 202;
        body = "{\"runId\":\"5f1c\",\"status\":\"REQUESTED\"}";
        Result result = run(everywhere("kickoff", "house-prices", "--testing"));

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("run 5f1c started for house-prices (testing)");
        assertThat(requests).singleElement().asString().startsWith("POST /runs Bearer t ")
                .contains("{\"model\":\"house-prices\",\"testing\":true}");
    }

    @Test
    void listsArePrintedAsTablesWithTheRequestedFilters() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        body = "[{\"runId\":\"r1\",\"model\":\"churn\",\"status\":\"READY\",\"rows\":{\"total\":120}}]";
        Result result = run(everywhere("runs", "churn", "--status", "READY"));

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines().toList()).first().asString().startsWith("RUN").contains("STATUS");
        assertThat(result.out()).contains("r1").contains("READY").contains("120");
        assertThat(requests.get(0)).startsWith("GET /runs?model=churn&status=READY ");
    }

    @Test
    void aRunsTimelineStartsWithItsOwnStagesThenTheLaterOnes() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        body = "{\"runId\":\"r9\",\"model\":\"churn\",\"status\":\"READY\",\"reason\":\"DRIFT\","
                + "\"requestedBy\":\"monitor\",\"requestedAt\":\"2026-11-24T10:00:00Z\","
                + "\"finishedAt\":\"2026-11-24T10:00:05Z\",\"rows\":{\"total\":100,\"train\":70,"
                + "\"validation\":15,\"test\":15},\"timeline\":[{\"at\":\"2026-11-24T10:01:00Z\","
                + "\"stage\":\"registry\",\"summary\":\"registered as churn version 4\"}]}";
        Result result = run(everywhere("run", "r9"));

        assertThat(result.exit()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("run r9  model churn  status READY");
        assertThat(lines.get(2)).contains("data-prep").contains("requested (drift) by monitor");
        assertThat(lines.get(3)).contains("dataset ready: 100 rows (train 70, validation 15, test 15)");
        assertThat(lines.get(4)).contains("registry").contains("registered as churn version 4");
    }

    @Test
    void invokeSignsWithSigV4AndSendsNoBearerToken() throws Exception {
        loggedIn("never-sent-to-a-deployer", java.time.Duration.ofMinutes(4));
        body = "1.5\n2.5\n";
        contentType = "text/csv";
        Result result = run(everywhere("invoke", "qa", "churn", "--csv", "1,2,3\\n4,5,6", "--account-url",
                "qa=" + url(), "--access-key-id", "TLAKAAAABBBBCCCCDDDD", "--secret-access-key", SECRET));

        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("1.5\n2.5\n");
        assertThat(requests.get(0)).startsWith("POST /endpoints/treeline-qa/invocations AWS4-HMAC-SHA256 "
                + "Credential=TLAKAAAABBBBCCCCDDDD/").contains("/us-east-1/sagemaker/aws4_request")
                .contains(" churn 1,2,3\n4,5,6").doesNotContain("never-sent").doesNotContain(SECRET);
        assertThat(lastHeaders.getFirst("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    }

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void invokeShowsTheDeployersAwsErrorTypeAndMessage() {
        status = 403;
        body = "{\"__type\":\"AccessDeniedException\",\"message\":\"User demo-viewer is not allowed to invoke\"}";
        Result result = run(everywhere("invoke", "qa", "churn", "--csv", "1", "--account-url", "qa=" + url(),
                "--access-key-id", "TLAKAAAABBBBCCCCDDDD", "--secret-access-key", SECRET));

        assertThat(result.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(result.err()).isEqualTo(
                "error: deployer qa: AccessDeniedException: User demo-viewer is not allowed to invoke\n");
    }

    @Test
    void invokeWithoutAnyAccessKeySaysWhereOneComesFrom() {
        // AWS_ACCESS_KEY_ID may be set where the build runs; then this test has nothing to show
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null);
        Result result = run(everywhere("invoke", "qa", "churn", "--csv", "1", "--account-url", "qa=" + url(),
                "--data-dir", home.resolve("no-local-run").toString()));
        assertThat(result.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(result.err()).contains("no access key to sign with").contains("AWS_ACCESS_KEY_ID");
        assertThat(requests).isEmpty();
    }

    @Test
    void theReadmesSequenceInvokesWithTheDemoInvokersKeyExportedInTheEnvironment() throws Exception {
        // export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... as the local run prints, then ./treeline invoke qa ...:
        // a new process, because the CLI reads those variables from its own environment.
        body = "2.5\n";
        contentType = "text/csv";
        ProcessBuilder cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TreelineCli.class.getName(), "invoke", "qa",
                "house-prices", "--csv", "72.1,3,31.2,4.4,6,0,61.5").redirectErrorStream(true);
        cli.environment().put("AWS_ACCESS_KEY_ID", "TLAKEXPORTEDKEYID234");
        cli.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        cli.environment().put("TREELINE_ACCOUNT_QA_URL", url());
        cli.environment().put("TREELINE_TOKEN_FILE", tokenFile().toString());
        Process process = cli.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).isEqualTo("2.5\n");
        assertThat(process.exitValue()).isZero();
        assertThat(requests).singleElement().asString()
                .startsWith("POST /endpoints/treeline-qa/invocations AWS4-HMAC-SHA256 Credential=TLAKEXPORTEDKEYID234/")
                .endsWith(" house-prices 72.1,3,31.2,4.4,6,0,61.5");
    }

    @Test
    void tuningHistoryShowsWhenEachJobWasCreatedAndHowManyTrialsItRan() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        body = "[" + TuningApiShapes.jobSummary("tj-house-prices-2", Instant.parse("2026-11-24T21:50:31Z"), 12)
                + "]";
        Result result = run(everywhere("tuning-history", "house-prices"));

        assertThat(result.exit()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("CREATED", "TRIALS");
        Map<String, String> row = TuningApiShapes.cells(lines.get(0), lines.get(1));
        assertThat(row).containsEntry("JOB", "tj-house-prices-2").containsEntry("CREATED", "2026-11-24T21:50:31Z")
                .containsEntry("TRIALS", "12");
        assertThat(requests.get(0)).startsWith("GET /tuning-jobs?model=house-prices ");
    }

    @Test
    void problemDetailsBecomeOneLineErrorsWithDistinctExitCodes() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        status = 409;
        contentType = "application/problem+json";
        body = "{\"status\":409,\"title\":\"Conflict\",\"detail\":\"run 77 of churn is still extracting\"}";
        Result conflict = run(everywhere("kickoff", "churn"));
        assertThat(conflict.exit()).isEqualTo(CliException.CONFLICT);
        assertThat(conflict.err()).isEqualTo("error: data-prep-service: run 77 of churn is still extracting\n");

        status = 404;
        body = "{\"status\":404,\"detail\":\"unknown model group 'nope'\"}";
        Result missing = run(everywhere("versions", "nope"));
        assertThat(missing.exit()).isEqualTo(CliException.NOT_FOUND);
        assertThat(missing.err()).contains("unknown model group 'nope'");

        status = 403;
        Result forbidden = run(everywhere("reject", "churn", "1", "--reason", "x"));
        assertThat(forbidden.exit()).isEqualTo(CliException.UNAUTHORIZED);
        assertThat(forbidden.err()).contains("user 'alice' lacks the role");
    }

    @Test
    void anUnreachableServiceSaysWhichAndHowToStartIt() throws Exception {
        loggedIn("t", java.time.Duration.ofMinutes(4));
        String registry = url();
        server.stop(0);
        Result result = run("runs", "--data-prep-url", registry, "--registry-url", registry, "--token-file",
                tokenFile().toString());
        assertThat(result.exit()).isEqualTo(CliException.UNREACHABLE);
        assertThat(result.err()).contains("data-prep-service is not reachable at " + registry).contains("run-local.sh");
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
        assertThat(help.out()).contains("Usage: treeline invoke", "--file", "--csv", "--account-url",
                "--access-key-id", "--region");
        assertThat(run("hash-password").exit()).as("deployer management users are gone").isEqualTo(2);
    }
}
