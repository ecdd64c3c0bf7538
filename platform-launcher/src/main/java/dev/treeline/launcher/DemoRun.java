package dev.treeline.launcher;

import dev.treeline.infra.InfraSettings;
import dev.treeline.launcher.demo.DemoModel;
import dev.treeline.launcher.demo.DemoWarehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** The first ten minutes: fill the demo warehouse, start a run of every demo model, say what to try next. */
final class DemoRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final InfraSettings infra;
    private final String dataPrepUrl;
    private final String registryUrl;
    private final java.nio.file.Path dataDir;
    private final PrintStream out;

    DemoRun(InfraSettings infra, String dataPrepUrl, String registryUrl, java.nio.file.Path dataDir, PrintStream out) {
        this.infra = infra;
        this.dataPrepUrl = dataPrepUrl;
        this.registryUrl = registryUrl;
        this.dataDir = dataDir;
        this.out = out;
    }

    private static String runId(String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : body;
    }

    /** The demo models the definitions folder defines (a file {@code <group>.yaml} or {@code .yml}). */
    static java.util.List<DemoModel> definedIn(java.nio.file.Path models) {
        return java.util.Arrays.stream(DemoModel.values()).filter(m -> java.nio.file.Files.isRegularFile(
                models.resolve(m.group() + ".yaml")) || java.nio.file.Files.isRegularFile(models.resolve(m.group()
                + ".yml"))).toList();
    }

    /** data-prep loads the folder on its own schedule: wait until it knows the model (or give up after a minute). */
    private boolean awaitDefined(DemoModel model, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dataPrepUrl + "/models/" + model.group()))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    void start(int days, int rowsPerDay, java.nio.file.Path models)
            throws SQLException, IOException, InterruptedException {
        long started = System.nanoTime();
        DemoWarehouse warehouse = new DemoWarehouse(infra.jdbcUrl(ServiceSpec.WAREHOUSE_DATABASE),
                infra.postgresUser(), infra.postgresPassword());
        Map<DemoModel, Long> rows = warehouse.ensureLoaded(days, rowsPerDay);
        out.printf("Demo warehouse ready (%.1f s): %s%n", (System.nanoTime() - started) / 1e9, rows.entrySet().stream()
                .map(e -> e.getKey().table() + " " + e.getValue() + " rows").reduce((a, b) -> a + ", " + b).orElse(""));
        // Kickoffs need the role operator: the demo operator starts them (the launcher created it before).
        String operator;
        try {
            operator = new DemoIdentities(registryUrl, dataDir).token(DemoIdentities.OPERATOR.username(),
                    DemoIdentities.OPERATOR.password());
        } catch (IOException e) {
            out.println("No demo kickoffs: " + e.getMessage());
            return;
        }
        for (DemoModel model : definedIn(models)) {
            if (!awaitDefined(model, operator)) {
                out.printf("No kickoff of %s: data-prep has not loaded %s (see its log)%n", model.group(),
                        models.resolve(model.group() + ".yaml"));
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(dataPrepUrl + "/runs"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + operator)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model.group() + "\",\"testing\":false}"))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                out.printf("Kicked off %-15s run %s%n", model.group(), runId(response.body()));
            } else {
                out.printf("Kickoff of %-15s answered HTTP %d: %s%n", model.group(), response.statusCode(),
                        response.body());
            }
        }
        String row = DemoModel.HOUSE_PRICES.featureRows(1, 0.5, 7).strip();
        out.println(String.join("\n",
                "",
                "Follow the runs below (one line per stage). Then, in another terminal:",
                "  ./treeline login --user oscar                    # the demo operator; password oscar-operates",
                "  ./treeline models                                # defined models (" + models + ")",
                "  ./treeline models show house-prices              # its definition and revisions",
                "  ./treeline login --user alice                    # the demo approver; password alice-approves",
                "  ./treeline whoami                                # who you are, your roles, until when",
                "  ./treeline runs                                  # every run and its status",
                "  ./treeline run <run id>                          # one run's timeline",
                "  ./treeline versions house-prices                 # registered versions",
                "  ./treeline invoke sandbox house-prices --csv \"" + row + "\"   # signed as demo-invoker",
                "  ./treeline approve house-prices 1 --reason \"looks good\"   # qa now, prod after the delay",
                "  ./treeline invoke qa house-prices --csv \"" + row + "\"",
                "  ./treeline reject house-prices 1 --reason \"try again\"    # accounts roll back",
                "  ./treeline login --user oscar                    # the demo operator; password oscar-operates",
                "  ./treeline kickoff house-prices                   # retrain: warm-starts from the last job",
                "  ./treeline tuning-history house-prices           # the warm-start chain",
                "  ./treeline warehouse load my.csv --table my.rows # your own data; then one file and"
                        + " ./treeline models apply -f it (README)",
                ""));
    }
}
