import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.treeline.deployer.endpoint.LoadedModel;
import dev.treeline.deployer.endpoint.ModelKey;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.Topics;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark of the deployer's invocation path (not a test): real Kafka, PostgreSQL and S3 from local-infra,
 * the packaged deployer as its own JVM, wrk as the loopback load generator, and the reference server
 * (python3-xgboost + gunicorn). Run through run.sh.
 */
public class InvocationBench {

    static final int FEATURES = 10;
    static final String GROUP = "bench-model";
    /** Same size and shape, objective reg:gamma: served by the native Booster (the path before the Java evaluator). */
    static final String BOOSTER_GROUP = "bench-booster-model";
    static final String ADMIN_PASSWORD = "bench-admin";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Path root;
    static Path out;
    static final List<Process> processes = new ArrayList<>();
    static final Map<String, String> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        root = Path.of(args[0]).toAbsolutePath();
        out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out);
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "15"));
        int connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_CONNECTIONS", "32"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));

        try (LocalInfrastructure infra = LocalInfrastructure.builder().start()) {
            InfraSettings s = infra.settings();
            infra.createDatabase("deployer_bench");
            Map<String, String> s3cfg = s.s3Config();
            S3Client s3 = S3Client.builder().httpClient(ApacheHttpClient.create()).region(Region.US_EAST_1)
                    .forcePathStyle(true).endpointOverride(URI.create(s3cfg.get("treeline.s3.endpoint")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            s3cfg.get("treeline.s3.access-key-id"), s3cfg.get("treeline.s3.secret-access-key"))))
                    .build();
            s3.createBucket(b -> b.bucket("treeline-training"));

            log("training models with XGBoost4J");
            Booster a = train(1, 100, 6, 2000);
            Booster b = train(2, 100, 6, 2000);
            Booster big = trainToSize(3, 1 << 20);
            Booster gamma = train(4, 100, 6, 2000, "reg:gamma");
            byte[] gammaBytes = gamma.toByteArray("ubj");
            byte[] aBytes = a.toByteArray("ubj");
            byte[] bBytes = b.toByteArray("ubj");
            byte[] bigBytes = big.toByteArray("ubj");
            results.put("serving model size", aBytes.length / 1024 + " KB (100 trees, depth 6, 10 features)");
            results.put("cold-load model size", String.format("%.2f MB", bigBytes.length / 1048576.0));
            Files.writeString(out.resolve("model.json"), forXgboost17(a.toByteArray("json")));

            float[][] oneRow = rows(7, 1);
            float[][] hundredRows = rows(8, 100);
            results.put("in-process XGBoost4J inplace_predict, nthread=1, one thread per core (no HTTP)",
                    String.format("%.0f predictions/s at 1 row, %.0f requests/s at 100 rows",
                            inProcess(aBytes, oneRow), inProcess(aBytes, hundredRows)));
            results.put("in-process Java evaluator (the served engine), one thread per core (no HTTP)",
                    String.format("%.0f predictions/s at 1 row, %.0f requests/s at 100 rows",
                            inProcessJava(aBytes, oneRow), inProcessJava(aBytes, hundredRows)));
            Files.writeString(out.resolve("one-row.csv"), csv(oneRow));
            Files.writeString(out.resolve("hundred-rows.csv"), csv(hundredRows));
            String expectA = scores(a, oneRow);
            String expectB = scores(b, oneRow);
            String expectGamma = scores(gamma, oneRow);

            int port = freePort();
            String base = "http://127.0.0.1:" + port;
            startDeployer(s, port);
            waitHttp(base + "/q/health/ready", Duration.ofSeconds(90));

            KafkaProducer<String, byte[]> kafka = producer(s.kafkaBootstrapServers());
            int version = 1;
            approve(kafka, s3, GROUP, version, aBytes);
            String invoke = base + "/endpoints/bench/invocations";
            waitFor("v1 served", Duration.ofSeconds(60), () -> expectA.equals(call(invoke, GROUP, csv(oneRow))));
            approve(kafka, s3, BOOSTER_GROUP, 1, gammaBytes);
            waitFor(BOOSTER_GROUP + " served", Duration.ofSeconds(60),
                    () -> expectGamma.equals(call(invoke, BOOSTER_GROUP, csv(oneRow))));

            // Cold load of a ~1 MB model: first request after the version is recorded (fetch + SHA-256 + parse).
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String g = "cold-" + i;
                approve(kafka, s3, g, 1, bigBytes);
                waitFor(g + " recorded", Duration.ofSeconds(60), () -> status(base + "/models/" + g) == 200);
                long t0 = System.nanoTime();
                String answer = call(invoke, g, csv(oneRow));
                cold.add((System.nanoTime() - t0) / 1e6);
                if (answer == null) {
                    throw new IllegalStateException("cold call failed for " + g);
                }
                t0 = System.nanoTime();
                call(invoke, g, csv(oneRow));
                warm.add((System.nanoTime() - t0) / 1e6);
            }
            results.put("cold load, 1 MB model, first request (median / max of 10)",
                    String.format("%.1f ms / %.1f ms (next request %.1f ms)", median(cold), Collections.max(cold),
                            median(warm)));

            // Approval-to-served: publish ModelApproved, poll until the answer is the new version's, under load.
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong failures = new AtomicLong();
            AtomicLong served = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    while (loading.get()) {
                        String r = call(invoke, GROUP, csv(oneRow));
                        if (r == null) {
                            failures.incrementAndGet();
                        } else {
                            served.incrementAndGet();
                        }
                    }
                });
                th.start();
                load.add(th);
            }
            List<Double> swaps = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                version++;
                boolean toB = version % 2 == 0;
                String expect = toB ? expectB : expectA;
                long t0 = System.nanoTime();
                approve(kafka, s3, GROUP, version, toB ? bBytes : aBytes);
                waitFor("v" + version + " served", Duration.ofSeconds(30),
                        () -> expect.equals(call(invoke, GROUP, csv(oneRow))));
                swaps.add((System.nanoTime() - t0) / 1e6);
            }
            loading.set(false);
            for (Thread th : load) {
                th.join();
            }
            results.put("approval-to-served swap (median / max of 6, event published -> new answers)",
                    String.format("%.0f ms / %.0f ms; %d requests during swaps, %d failed", median(swaps),
                            Collections.max(swaps), served.get(), failures.get()));
            kafka.close();

            // Throughput: wrk against the deployer, its empty handler, and the reference server.
            int pyPort = freePort();
            startReference(pyPort);
            waitHttp("http://127.0.0.1:" + pyPort + "/ping", Duration.ofSeconds(60));
            String pyAnswer = post("http://127.0.0.1:" + pyPort + "/invocations", null, csv(oneRow));
            results.put("reference server answer vs XGBoost4J (1 row)", pyAnswer.trim() + " vs " + expectA.trim());

            String py = "http://127.0.0.1:" + pyPort + "/invocations";
            // The cold request is answered by the Booster; the verified Java evaluator replaces it in the background.
            waitFor("Java engine serving " + GROUP, Duration.ofSeconds(30),
                    () -> engineOf(base, GROUP).startsWith("java"));
            results.put("engine serving the benchmark model during the wrk runs (management API)", engineOf(base, GROUP));
            waitFor("engine decided for " + BOOSTER_GROUP, Duration.ofSeconds(30),
                    () -> !engineOf(base, BOOSTER_GROUP).contains("not tried"));
            results.put("engine serving " + BOOSTER_GROUP + " (reg:gamma, 100 trees, depth 6)",
                    engineOf(base, BOOSTER_GROUP));
            String loadBefore = loadAverage();
            Map<String, double[]> wrk = new LinkedHashMap<>();
            wrk.put("treeline 1 row", wrk(invoke, GROUP, "one-row.csv", seconds, connections));
            wrk.put("treeline 100 rows", wrk(invoke, GROUP, "hundred-rows.csv", seconds, connections));
            wrk.put("treeline 1 row, Booster engine (reg:gamma)", wrk(invoke, BOOSTER_GROUP, "one-row.csv", seconds,
                    connections));
            wrk.put("treeline empty handler (HTTP floor)", wrk(base + "/endpoints/bench/floor", GROUP, "one-row.csv",
                    seconds, connections));
            wrk.put("python3-xgboost + gunicorn 1 row", wrk(py, null, "one-row.csv", seconds, connections));
            wrk.put("python3-xgboost + gunicorn 100 rows", wrk(py, null, "hundred-rows.csv", seconds, connections));

            StringBuilder report = new StringBuilder();
            report.append("Invocation benchmark, ").append(Instant.now()).append(", load average before the wrk runs ")
                    .append(loadBefore).append(", after ").append(loadAverage()).append(", ")
                    .append(Runtime.getRuntime().availableProcessors()).append(" cores, wrk -t2 -c")
                    .append(connections).append(" -d").append(seconds).append("s (loopback)\n\n");
            report.append(String.format("| %-38s | %10s | %9s | %9s |%n", "server / body", "req/s", "p50 ms", "p99 ms"));
            report.append("|---|---:|---:|---:|\n");
            wrk.forEach((k, v) -> report.append(String.format("| %-38s | %10.0f | %9.2f | %9.2f |%n", k, v[0], v[1], v[2])));
            report.append('\n');
            double[] t1 = wrk.get("treeline 1 row");
            double[] t100 = wrk.get("treeline 100 rows");
            double[] floor = wrk.get("treeline empty handler (HTTP floor)");
            double[] p1 = wrk.get("python3-xgboost + gunicorn 1 row");
            double[] p100 = wrk.get("python3-xgboost + gunicorn 100 rows");
            report.append(String.format("- treeline / reference, 1 row: %.1fx throughput (target >= 10x)%n", t1[0] / p1[0]));
            report.append(String.format("- treeline / reference, 100 rows: %.1fx throughput%n", t100[0] / p100[0]));
            report.append(String.format("- treeline 1 row / HTTP floor: %.0f%% of the floor's throughput%n", 100 * t1[0] / floor[0]));
            report.append(String.format("- rows/s at 100 rows per request: treeline %.0f, reference %.0f%n", t100[0] * 100, p100[0] * 100));
            results.forEach((k, v) -> report.append("- ").append(k).append(": ").append(v).append('\n'));
            System.out.println();
            System.out.println(report);
            Files.writeString(out.resolve("results.md"), report.toString());
        } finally {
            processes.forEach(Process::destroy);
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    static void startDeployer(InfraSettings s, int port) throws Exception {
        Map<String, String> env = new HashMap<>(InfraSettings.asEnvironment(s.quarkusConfig("deployer_bench")));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("TREELINE_S3_BUCKET", "treeline-bench");
        env.put("TREELINE_S3_CREATE_BUCKET", "true");
        env.put("TREELINE_DEPLOYER_ACCOUNT", "bench");
        env.put("TREELINE_DEPLOYER_ENDPOINT_NAME", "bench");
        env.put("TREELINE_DEPLOYER_POLICY", "approved");
        env.put("TREELINE_DEPLOYER_CONSUMER_GROUP", "deployer-bench-" + System.nanoTime());
        env.put("TREELINE_DEPLOYER_BENCH_FLOOR", "true");
        env.put("TREELINE_DEPLOYER_PER_MODEL_METRICS", "true");
        env.put("TREELINE_ADMIN_USERS_BENCH", sha256(ADMIN_PASSWORD));
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        Path jar = root.resolve("deployer-service/target/quarkus-app/quarkus-run.jar");
        start(List.of("java", "-Xmx768m", "-XX:+UseParallelGC", "-jar", jar.toString()), env, "deployer.log");
    }

    static void startReference(int port) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_FILE", out.resolve("model.json").toString());
        env.put("OMP_NUM_THREADS", "1");
        env.put("PYTHONPATH", "/usr/lib/python3/dist-packages");
        start(List.of("/usr/bin/python3", "-m", "gunicorn", "--workers", String.valueOf(
                Runtime.getRuntime().availableProcessors()), "--bind", "127.0.0.1:" + port, "--chdir",
                root.resolve("bench/invocation").toString(), "--log-level", "warning", "reference_server:app"),
                env, "reference.log");
    }

    static void start(List<String> command, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(logName).toFile());
        pb.environment().putAll(env);
        processes.add(pb.start());
    }

    static double[] wrk(String url, String model, String bodyFile, int seconds, int connections) throws Exception {
        Path script = out.resolve("wrk-" + bodyFile.replace(".csv", "") + ".lua");
        String body = Files.readString(out.resolve(bodyFile)).replace("\\", "\\\\").replace("\n", "\\n");
        Files.writeString(script, "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"text/csv\"\n"
                + "wrk.headers[\"Accept\"] = \"text/csv\"\n"
                + (model == null ? "" : "wrk.headers[\"X-Amzn-SageMaker-Target-Model\"] = \"" + model + "\"\n")
                + "wrk.body = \"" + body + "\"\n"
                + "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"ERRORS %d %d %d\\n\", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))\n"
                + "end\n");
        run(List.of("wrk", "-t2", "-c" + connections, "-d3s", "-s", script.toString(), url)); // warm-up
        String text = run(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                script.toString(), url));
        log(url + " " + bodyFile + ":\n" + text);
        double rps = Double.parseDouble(match(text, "Requests/sec:\\s+([0-9.]+)"));
        Matcher errors = Pattern.compile("ERRORS (\\d+) (\\d+) (\\d+)").matcher(text);
        if (errors.find() && (!errors.group(1).equals("0") || !errors.group(2).equals("0"))) {
            log("WARNING: errors during " + url + ": " + errors.group());
        }
        return new double[] { rps, millis(match(text, "\\s50%\\s+(\\S+)")), millis(match(text, "\\s99%\\s+(\\S+)")) };
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double millis(String wrkTime) {
        Matcher m = Pattern.compile("([0-9.]+)(us|ms|s|m)").matcher(wrkTime);
        if (!m.matches()) {
            throw new IllegalArgumentException(wrkTime);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk output:\n" + text);
        }
        return m.group(1);
    }

    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    static void approve(KafkaProducer<String, byte[]> kafka, S3Client s3, String group, int version, byte[] model)
            throws Exception {
        String run = "bench-run-" + group + "-" + version;
        String key = "models/" + group + "/" + run + "/model.ubj";
        s3.putObject(b -> b.bucket("treeline-training").key(key), RequestBody.fromBytes(model));
        ArtifactRef ref = new ArtifactRef("treeline-training", key, sha256(model), model.length, ArtifactFormat.UBJSON,
                null);
        EventEnvelope<ModelApproved> event = EventEnvelope.of(run, new ModelApproved(group, version, ref, "bench",
                "benchmark", Instant.now().minusSeconds(1), ApprovalStatus.PendingManualApproval));
        kafka.send(new ProducerRecord<>(Topics.MODEL_PACKAGES, group, EventCodec.shared().encode(event))).get();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The answer body, or null on any failure. */
    static String call(String url, String model, String body) {
        try {
            return post(url, model, body);
        } catch (Exception e) {
            return null;
        }
    }

    static String post(String url, String model, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/csv")
                .header("Accept", "text/csv").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (model != null) {
            r.header("X-Amzn-SageMaker-Target-Model", model);
        }
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String engineOf(String base, String group) {
        try {
            Matcher engine = Pattern.compile("\"engine\":\"([a-z]+)\",\"engineDetail\":\"([^\"]*)\"")
                    .matcher(adminGet(base + "/models/" + group));
            return engine.find() ? engine.group(1) + " (" + engine.group(2) + ")" : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    static String adminGet(String url) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString(("bench:" + ADMIN_PASSWORD).getBytes());
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int status(String url) {
        try {
            String auth = java.util.Base64.getEncoder().encodeToString(("bench:" + ADMIN_PASSWORD).getBytes());
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + auth).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void waitHttp(String url, Duration timeout) {
        waitFor(url, timeout, () -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static void waitFor(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Calls per second of the model alone, on as many threads as cores, for 3 s. */
    static double inProcess(byte[] model, float[][] rows) throws Exception {
        Booster booster = XGBoost.loadModel(model);
        booster.setParam("nthread", "1");
        float[] flat = flat(rows);
        double rate = callsPerSecond(() -> booster.inplace_predict(flat, rows.length, FEATURES, Float.NaN));
        booster.dispose();
        return rate;
    }

    /** Calls per second of the deployer's verified Java evaluator alone, on as many threads as cores, for 3 s. */
    static double inProcessJava(byte[] model, float[][] rows) throws Exception {
        LoadedModel loaded = LoadedModel.load(new ModelKey("bench", 1), model);
        if (!loaded.isJavaEngine()) {
            throw new IllegalStateException("bench model not served by the Java engine: " + loaded.engineDetail());
        }
        float[] flat = flat(rows);
        loaded.acquire();
        try {
            return callsPerSecond(() -> loaded.predict(flat, rows.length));
        } finally {
            loaded.release();
            loaded.retire();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static double callsPerSecond(Call call) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + 3_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        call.run();
                        n++;
                    }
                    calls.addAndGet(n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            th.start();
            workers.add(th);
        }
        for (Thread th : workers) {
            th.join();
        }
        return calls.get() / 3.0;
    }

    static float[] flat(float[][] rows) {
        float[] flat = new float[rows.length * FEATURES];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * FEATURES, FEATURES);
        }
        return flat;
    }

    static Booster train(long seed, int rounds, int depth, int n) throws Exception {
        return train(seed, rounds, depth, n, "reg:squarederror");
    }

    /** reg:gamma (positive labels, exp transform) is one the Java evaluator does not take: served by the Booster. */
    static Booster train(long seed, int rounds, int depth, int n, String objective) throws Exception {
        float[][] x = rows(seed, n);
        float[] y = new float[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] * 3 + x[i][1] * x[i][2] - x[i][3] + (float) random.nextGaussian() * 0.1f;
            if (objective.equals("reg:gamma")) {
                y[i] = (float) Math.exp(y[i] * 0.3);
            }
        }
        DMatrix m = matrix(x);
        m.setLabel(y);
        Map<String, Object> params = Map.of("objective", objective, "max_depth", depth, "eta", 0.1,
                "nthread", 2, "seed", 0);
        Booster booster = XGBoost.train(m, params, rounds, Map.of(), null, null);
        m.dispose();
        return booster;
    }

    /** Trains until the UBJSON size is within 15% of {@code bytes} (rounds scaled by the measured size). */
    static Booster trainToSize(long seed, int bytes) throws Exception {
        int rounds = 100;
        for (int attempt = 0;; attempt++) {
            Booster booster = train(seed, rounds, 8, 20000);
            int size = booster.toByteArray("ubj").length;
            if (Math.abs(size - bytes) <= bytes * 0.15 || attempt == 4) {
                return booster;
            }
            booster.dispose();
            rounds = Math.max(1, (int) Math.round(rounds * (double) bytes / size));
        }
    }

    static float[][] rows(long seed, int n) {
        Random random = new Random(seed);
        float[][] x = new float[n][FEATURES];
        for (float[] row : x) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = random.nextFloat();
            }
        }
        return x;
    }

    static DMatrix matrix(float[][] rows) throws Exception {
        return new DMatrix(flat(rows), rows.length, FEATURES, Float.NaN);
    }

    static String scores(Booster booster, float[][] rows) throws Exception {
        DMatrix m = matrix(rows);
        float[][] p = booster.predict(m);
        m.dispose();
        StringBuilder sb = new StringBuilder();
        for (float[] s : p) {
            sb.append(s[0]).append('\n');
        }
        return sb.toString();
    }

    static String csv(float[][] rows) {
        StringBuilder sb = new StringBuilder();
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j > 0 ? "," : "").append(row[j]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** XGBoost 3 writes base_score as "[x]"; 1.7 (Debian's) misreads that, so unwrap it for the reference. */
    static String forXgboost17(byte[] json) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(json);
        ObjectNode params = (ObjectNode) root.path("learner").path("learner_model_param");
        String baseScore = params.path("base_score").asText();
        if (baseScore.startsWith("[")) {
            params.put("base_score", baseScore.substring(1, baseScore.length() - 1));
        }
        return mapper.writeValueAsString(root);
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha256(String s) throws Exception {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
