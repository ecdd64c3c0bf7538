package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code treeline models ...} against a scripted data-prep and registry answering as the brief's API says: which
 * requests the commands send, and what they print and exit with.
 */
class ModelsCommandTest {

    HttpServer server;
    /** "METHOD /path?query" -> status and body. */
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<String> requests = new ArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    @TempDir
    Path dir;

    record Answer(int status, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        new TokenCache(dir.resolve("token.json")).write(new TokenCache.CachedToken(url(), "oscar",
                List.of("operator"), "t", Instant.now().plus(Duration.ofMinutes(5))));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(request);
        bodies.put(request, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = answers.getOrDefault(request, new Answer(404, "{\"status\":404,\"detail\":\"no route "
                + request + "\"}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.status() < 300 ? "application/json"
                : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-prep-url", url(), "--registry-url", url(), "--token-file",
                dir.resolve("token.json").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private Path definition(String name, String objective) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("models"));
        return Files.writeString(folder.resolve(name + ".yaml"), """
                # yaml-language-server: $schema=../schema.json
                name: %s
                description: test model %s
                data:
                  query: select id, y, x from t where day between :dateStart and :dateEnd
                  label-column: y
                  key-column: id
                task:
                  objective: %s
                """.formatted(name, name, objective));
    }

    @Test
    void applySendsEveryFileOfTheFolderInOneBatchAndPrintsOneLinePerModel() throws Exception {
        definition("alpha", "reg:squarederror");
        definition("beta", "binary:logistic");
        Files.writeString(dir.resolve("models/README.md"), "not a definition");
        answers.put("PUT /models", new Answer(200, """
                {"results":[
                  {"name":"alpha","outcome":"created","revision":1,"changes":[{"path":"name","before":null,"after":"alpha"}]},
                  {"name":"beta","outcome":"changed","revision":3,"changes":[
                     {"path":"schedule","before":null,"after":"0 0 3 * * ?"},
                     {"path":"tuning.max-trials","before":30,"after":4}]},
                  {"name":"gamma","outcome":"pruned","revision":2,"changes":[]},
                  {"name":"delta","outcome":"unchanged","revision":5,"changes":[]}]}"""));

        CliRun result = run("models", "apply", "-f", dir.resolve("models").toString(), "--prune");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(requests).containsExactly("PUT /models");
        JsonNode sent = Api.JSON.readTree(bodies.get("PUT /models"));
        assertThat(sent.get("prune").asBoolean()).isTrue();
        assertThat(sent.get("dryRun").asBoolean()).isFalse();
        assertThat(sent.get("definitions")).hasSize(2);
        assertThat(sent.at("/definitions/0/name").asText()).isEqualTo("alpha");
        assertThat(sent.at("/definitions/1/task/objective").asText()).isEqualTo("binary:logistic");
        assertThat(result.out().lines().toList()).containsExactly(
                "created   alpha  revision 1",
                "changed   beta  revision 3: schedule, tuning.max-trials",
                "pruned    gamma  revision 2",
                "unchanged delta  revision 5");
    }

    @Test
    void anInvalidSetPrintsEveryProblemWithItsModelFileAndPathAndExitsOne() throws Exception {
        Path alpha = definition("alpha", "reg:squarederror");
        definition("beta", "binary:logistic");
        answers.put("PUT /models", new Answer(400, """
                {"type":"about:blank","title":"Invalid request","status":400,"detail":"2 problems",
                 "violations":[{"field":"alpha: data.label-column","message":"y is not a column of the query"},
                               {"field":"beta: tuning.max-trials","message":"must be at least 1"}]}"""));

        CliRun result = run("models", "apply", "-f", dir.resolve("models").toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines().toList()).containsExactly(
                "invalid alpha (" + alpha + ") data.label-column: y is not a column of the query",
                "invalid beta (" + dir.resolve("models/beta.yaml") + ") tuning.max-trials: must be at least 1",
                "nothing applied");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void filesThatDoNotReadOrAreMisnamedFailTheSetBeforeAnythingIsSent() throws Exception {
        definition("alpha", "reg:squarederror");
        Files.writeString(dir.resolve("models/broken.yml"), "name: broken\ndata: [unclosed\n");
        Files.writeString(dir.resolve("models/other-name.yaml"), "name: alpha\n");

        CliRun result = run("models", "apply", "-f", dir.resolve("models").toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("broken.yml: not valid YAML or JSON")
                .contains("other-name.yaml: name: the file defines 'alpha'; name the file alpha.yaml")
                .endsWith("nothing applied\n");
        assertThat(requests).isEmpty();
    }

    @Test
    void modelsListsEveryDefinedModelWithItsVersionsAlsoBeforeTheFirstOne() throws Exception {
        answers.put("GET /models", new Answer(200, """
                {"models":[
                  {"name":"alpha","description":"prices of houses","owner":"team-a","revision":2,"source":"folder",
                   "lastRun":{"runId":"r1","status":"READY","requestedAt":"2026-12-01T10:00:00Z"}},
                  {"name":"beta","description":"new one","owner":"team-b","revision":1,"source":"api","lastRun":null}]}"""));
        answers.put("GET /groups", new Answer(200, """
                [{"name":"alpha","latestVersion":3,"latestApprovedVersion":2,"pendingVersions":1},
                 {"name":"beta","latestVersion":0,"latestApprovedVersion":null,"pendingVersions":0,"description":"new one"},
                 {"name":"legacy","latestVersion":4,"latestApprovedVersion":4,"pendingVersions":0}]"""));

        CliRun result = run("models");

        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        Map<String, String> alpha = TuningApiShapes.cells(lines.get(0), lines.get(1));
        assertThat(alpha).containsEntry("MODEL", "alpha").containsEntry("OWNER", "team-a")
                .containsEntry("LATEST", "3").containsEntry("APPROVED", "2").containsEntry("LAST RUN", "READY")
                .containsEntry("REV", "2").containsEntry("SOURCE", "folder");
        Map<String, String> beta = TuningApiShapes.cells(lines.get(0), lines.get(2));
        assertThat(beta).containsEntry("MODEL", "beta").containsEntry("LATEST", "-").containsEntry("LAST RUN", "-")
                .containsEntry("DESCRIPTION", "new one");
        assertThat(TuningApiShapes.cells(lines.get(0), lines.get(3))).containsEntry("MODEL", "legacy")
                .containsEntry("REV", "-");
        assertThat(requests).containsExactly("GET /models", "GET /groups");
    }

    @Test
    void showPrintsTheDefinitionAsYamlAndTheRevisions() {
        answers.put("GET /models/alpha", new Answer(200, """
                {"name":"alpha","description":"prices","owner":"team-a","tags":["demo"],"revision":2,
                 "source":"api","retired":false,"schedule":"0 0 3 * * ?","nextRunAt":"2026-12-03T03:00:00Z",
                 "appliedAt":"2026-12-02T01:00:00Z","appliedBy":"oscar","lastRun":null,
                 "definition":{"name":"alpha","data":{"query":"select 1","label-column":"price"},"task":{"objective":"reg:squarederror"}},
                 "revisions":[
                   {"revision":2,"action":"applied","source":"api","by":"oscar","at":"2026-12-02T01:00:00Z",
                    "changes":[{"path":"schedule","before":null,"after":"0 0 3 * * ?"}]},
                   {"revision":1,"action":"applied","source":"api","by":"oscar","at":"2026-12-01T01:00:00Z","changes":[]}]}"""));

        CliRun result = run("models", "show", "alpha");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("alpha  revision 2  api  applied 2026-12-02T01:00:00Z by oscar")
                .contains("owner: team-a  tags: demo").contains("schedule: 0 0 3 * * ?  next run: 2026-12-03T03:00:00Z")
                .contains("name: alpha\ndata:\n  query: select 1\n  label-column: price\ntask:\n  objective: reg:squarederror\n");
        List<String> lines = result.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("REV")).findFirst().orElseThrow());
        assertThat(TuningApiShapes.cells(lines.get(header), lines.get(header + 1))).containsEntry("REV", "2")
                .containsEntry("ACTION", "applied").containsEntry("BY", "oscar").containsEntry("CHANGED", "schedule");
    }

    @Test
    void diffAndValidateSendTheFileAndPrintChangesColumnsAndProblems() throws Exception {
        Path alpha = definition("alpha", "reg:squarederror");
        answers.put("POST /models/alpha/diff", new Answer(200, """
                {"name":"alpha","outcome":"changed","changes":[{"path":"tuning.max-trials","before":30,"after":4}]}"""));
        answers.put("POST /models/alpha/validate?rows=20", new Answer(200, """
                {"valid":false,"windowStart":"2020-01-01","windowEnd":"2026-11-02","rows":1200,"rowLimit":20,
                 "columns":[{"name":"id","type":"int8","usage":"key"},{"name":"y","type":"float8","usage":"label"},
                            {"name":"x","type":"text","usage":"feature","featureType":"categorical",
                             "distinctInSample":3}],
                 "problems":[{"field":"data.feature-columns","message":"x is text, not numeric"}]}"""));

        CliRun diff = run("models", "diff", "-f", alpha.toString());
        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out()).isEqualTo("alpha: changed (" + alpha + ")\n  tuning.max-trials: 30 -> 4\n");
        assertThat(Api.JSON.readTree(bodies.get("POST /models/alpha/diff")).at("/data/key-column").asText())
                .isEqualTo("id");

        CliRun validate = run("models", "validate", "-f", alpha.toString(), "--rows", "20");
        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.out()).startsWith("alpha: INVALID\nwindow 2020-01-01 .. 2026-11-02: 1200 rows (read at most 20)\n")
                .contains("problems:\n  data.feature-columns: x is text, not numeric\n");
        List<String> lines = validate.out().lines().toList();
        assertThat(TuningApiShapes.cells(lines.get(2), lines.get(5))).containsEntry("COLUMN", "x")
                .containsEntry("TYPE", "text").containsEntry("USAGE", "feature").containsEntry("FEATURE", "categorical")
                .containsEntry("DISTINCT", "3");
    }

    @Test
    void restoreAndRetireAndAFolderOwnedModelsRefusal() {
        answers.put("POST /models/alpha/revisions/1/restore", new Answer(200, """
                {"name":"alpha","outcome":"changed","revision":4,"changes":[{"path":"schedule","before":"0 0 3 * * ?","after":null}]}"""));
        answers.put("DELETE /models/alpha", new Answer(200, "{\"name\":\"alpha\",\"outcome\":\"retired\",\"revision\":5}"));
        answers.put("DELETE /models/beta", new Answer(409, """
                {"status":409,"title":"Conflict","detail":"model beta is defined by file beta.yaml in the definitions folder /defs; change the file instead"}"""));

        CliRun restore = run("models", "restore", "alpha", "1");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).isEqualTo("changed   alpha  revision 4: schedule  (restored from revision 1)\n");

        CliRun retire = run("models", "retire", "alpha");
        assertThat(retire.exit()).as(retire.err()).isZero();
        assertThat(retire.out()).isEqualTo("retired alpha  revision 5\n");

        CliRun refused = run("models", "retire", "beta");
        assertThat(refused.exit()).isEqualTo(CliException.CONFLICT);
        assertThat(refused.err()).contains("model beta is defined by file beta.yaml in the definitions folder /defs");
        assertThat(requests).containsExactly("POST /models/alpha/revisions/1/restore", "DELETE /models/alpha",
                "DELETE /models/beta");
    }
}
