package dev.treeline.bench.invocation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

import dev.treeline.bench.Spread;
import dev.treeline.deployer.endpoint.LoadedModel;
import dev.treeline.deployer.endpoint.ModelKey;
import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.Topics;
import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import dev.treeline.support.security.sigv4.AccessKeyLookup;
import dev.treeline.support.security.sigv4.SigV4Request;
import dev.treeline.support.security.sigv4.SigV4Settings;
import dev.treeline.support.security.sigv4.SigV4Verifier;
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
 * (python3-xgboost + gunicorn). Run through bench/invocation/run.sh. Every throughput figure is the median of
 * interleaved repetitions (ours and the reference alternating, the order reversed every repetition), printed with
 * its min-max; the ratios are medians of per-repetition ratios. Exits non-zero when a figure cannot be produced
 * (a failed request during a wrk run, a wrong answer, a step that times out), so the smoke run in CI catches rot.
 */
public class InvocationBench {

    static final int FEATURES = 10;
    static final String GROUP = "bench-model";
    /**
     * Same size and shape, booster dart: served by the native Booster (the path before the Java evaluator, which
     * now takes every tree objective, so the Booster's path is measured with a model it does not take).
     */
    static final String BOOSTER_GROUP = "bench-booster-model";
    /** 20 features of which 5 categorical, 5 text classes ({@link CategoricalModel}), called with raw strings. */
    static final String CATEGORICAL_GROUP = "bench-categorical-model";
    /** The deployers of the benchmark's account share it: the second one is a replica in mode none. */
    static final String CONSUMER_GROUP = "deployer-bench-" + System.nanoTime();
    /** Pre-signed requests a wrk script cycles through. */
    static final int PRE_SIGNED = 64;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Path root;
    static Path out;
    static final List<Process> processes = new ArrayList<>();
    static final Map<String, String> results = new LinkedHashMap<>();
    static BenchAuth auth;

    /**
     * Sizes of one run. Full: BENCH_SECONDS (default 15) per wrk run, BENCH_CONNECTIONS (32), BENCH_REPETITIONS (3,
     * at least 3). Smoke (BENCH_SMOKE=1): 1 s wrk runs, 3 repetitions, a smaller cold-load model, a few seconds each.
     */
    record Settings(boolean smoke, int seconds, int warmUpSeconds, int connections, int repetitions, int coldLoads,
                    int swaps, Duration inProcessEach, int coldModelBytes) {

        static Settings fromEnvironment(Map<String, String> env) {
            boolean smoke = "1".equals(env.get("BENCH_SMOKE")) || "true".equals(env.get("BENCH_SMOKE"));
            int repetitions = Integer.parseInt(env.getOrDefault("BENCH_REPETITIONS", "3"));
            if (repetitions < 3) {
                throw new IllegalArgumentException("BENCH_REPETITIONS must be at least 3 (a median needs them)");
            }
            if (smoke) {
                return new Settings(true, 1, 1, Integer.parseInt(env.getOrDefault("BENCH_CONNECTIONS", "8")),
                        repetitions, 3, 2, Duration.ofMillis(200), 1 << 18);
            }
            return new Settings(false, Integer.parseInt(env.getOrDefault("BENCH_SECONDS", "15")), 3,
                    Integer.parseInt(env.getOrDefault("BENCH_CONNECTIONS", "32")), repetitions, 10, 6,
                    Duration.ofSeconds(1), 1 << 20);
        }
    }

    static final String CATEGORICAL_TARGET = "treeline 1 row, categorical multi-class (raw strings)";
    static final String CATEGORICAL_REFERENCE = "python3-xgboost + gunicorn 1 row, categorical multi-class (codes)";

    /** One load-generator target: a server, a request body, and whether requests are SigV4-signed. */
    record Target(String name, String url, String model, String bodyFile, boolean signed) {
    }

    public static void main(String[] args) {
        int exit = 0;
        try {
            run(Path.of(args[0]), Path.of(args[1]), Settings.fromEnvironment(System.getenv()));
        } catch (Exception e) {
            System.err.println("[bench] FAILED: the invocation benchmark could not produce its figures: " + e);
            e.printStackTrace();
            exit = 1;
        } finally {
            stopProcesses();
        }
        System.exit(exit);
    }

    static void run(Path rootDir, Path outDir, Settings settings) throws Exception {
        root = rootDir.toAbsolutePath();
        out = outDir.toAbsolutePath();
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        log((settings.smoke() ? "smoke run" : "full run") + ": " + settings);

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
            Booster big = trainToSize(3, settings.coldModelBytes());
            Booster dart = train(4, 100, 6, 2000, "dart");
            byte[] dartBytes = dart.toByteArray("ubj");
            byte[] aBytes = a.toByteArray("ubj");
            byte[] bBytes = b.toByteArray("ubj");
            byte[] bigBytes = big.toByteArray("ubj");
            results.put("serving model size", aBytes.length / 1024 + " KB (100 trees, depth 6, 10 features)");
            results.put("cold-load model size", String.format(Locale.ROOT, "%.2f MB", bigBytes.length / 1048576.0));
            Files.writeString(out.resolve("model.json"), forXgboost17(a.toByteArray("json")));
            // 20 rounds x 5 classes = 100 trees of depth 6, as many as the numeric model: the comparison is the cost of
            // raw category values and five outputs, not of a bigger forest
            CategoricalModel categorical = CategoricalModel.train(5, 20, 2000);
            Files.writeString(out.resolve("categorical-model.json"), categorical.forXgboost17());
            results.put("categorical model size", categorical.ubj.length / 1024 + " KB (20 rounds x 5 classes = 100 trees,"
                    + " depth 6, 20 features of which 5 categorical with 4-12 categories, multi:softprob)");

            float[][] oneRow = rows(7, 1);
            float[][] hundredRows = rows(8, 100);
            log("in-process engines, " + settings.repetitions() + " alternating repetitions");
            List<List<Double>> inOne = inProcess(aBytes, oneRow, settings.repetitions(), settings.inProcessEach());
            List<List<Double>> inHundred = inProcess(aBytes, hundredRows, settings.repetitions(),
                    settings.inProcessEach());
            results.put("in-process XGBoost4J inplace_predict, nthread=1, one thread per core (no HTTP)",
                    Spread.of(inOne.get(0)).format("%.0f") + " predictions/s at 1 row, "
                            + Spread.of(inHundred.get(0)).format("%.0f") + " requests/s at 100 rows");
            results.put("in-process Java evaluator (the served engine), one thread per core (no HTTP)",
                    Spread.of(inOne.get(1)).format("%.0f") + " predictions/s at 1 row, "
                            + Spread.of(inHundred.get(1)).format("%.0f") + " requests/s at 100 rows");
            auth = BenchAuth.create(out);
            List<Double> verifications = sigV4InProcess(csv(oneRow), settings.repetitions(), settings.inProcessEach());
            results.put("in-process SigV4 verification of a 1-row InvokeEndpoint request (headers read from a Vert.x"
                    + " header map as the route does, then verified; signing key cached), one thread per core (no HTTP)",
                    Spread.of(verifications).format("%.0f") + " verifications/s");
            Files.writeString(out.resolve("one-row.csv"), csv(oneRow));
            Files.writeString(out.resolve("hundred-rows.csv"), csv(hundredRows));
            String expectA = scores(a, oneRow);
            String expectB = scores(b, oneRow);
            String expectDart = scores(dart, oneRow);
            float[][] categoricalRow = CategoricalModel.codes(9, 1);
            Files.writeString(out.resolve("categorical-one-row.csv"), CategoricalModel.rawCsv(categoricalRow));
            Files.writeString(out.resolve("categorical-one-row-codes.csv"), CategoricalModel.codesCsv(categoricalRow));
            String expectCategorical = categorical.expectedCsv(categoricalRow);

            KafkaProducer<String, byte[]> kafka = producer(s.kafkaBootstrapServers());
            kafka.send(new ProducerRecord<>(Topics.ACCESS_KEYS, AccessKeysChanged.SUBJECT, auth.snapshot())).get();
            int port = freePort();
            String base = "http://127.0.0.1:" + port;
            startDeployer(s, port, "sigv4", "deployer.log");
            if (status(base + "/models") != 200) {
                throw new IllegalStateException("the deployer refused the benchmark's management token (see "
                        + out.resolve("deployer.log") + ")");
            }
            // Same account, same database, mode none: the unsigned side of the SigV4 cost, on an identical replica.
            int unsignedPort = freePort();
            String unsignedBase = "http://127.0.0.1:" + unsignedPort;
            startDeployer(s, unsignedPort, "none", "deployer-unsigned.log");

            int version = 1;
            approve(kafka, s3, GROUP, version, aBytes);
            String invoke = base + "/endpoints/bench/invocations";
            String invokeUnsigned = unsignedBase + "/endpoints/bench/invocations";
            waitFor("v1 served", Duration.ofSeconds(60), () -> expectA.equals(call(invoke, GROUP, csv(oneRow))));
            String refused = unsignedStatus(invoke, GROUP, csv(oneRow));
            results.put("unsigned request to the sigv4 deployer", refused);
            if (!refused.startsWith("403 MissingAuthenticationTokenException")) {
                throw new IllegalStateException("the sigv4 deployer did not refuse an unsigned request: " + refused);
            }
            approve(kafka, s3, BOOSTER_GROUP, 1, dartBytes);
            approve(kafka, s3, CATEGORICAL_GROUP, 1, categorical.ubj);
            waitFor(CATEGORICAL_GROUP + " served with raw strings", Duration.ofSeconds(60), () -> expectCategorical
                    .equals(call(invoke, CATEGORICAL_GROUP, CategoricalModel.rawCsv(categoricalRow))));
            waitFor(BOOSTER_GROUP + " served", Duration.ofSeconds(60),
                    () -> expectDart.equals(call(invoke, BOOSTER_GROUP, csv(oneRow))));

            // Cold load of a ~1 MB model: first request after the version is recorded (fetch + SHA-256 + parse).
            List<Double> cold = new ArrayList<>();
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < settings.coldLoads(); i++) {
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
            results.put(String.format(Locale.ROOT, "cold load, %.2f MB model, first request (median (min–max) of %d)",
                    bigBytes.length / 1048576.0, cold.size()), Spread.of(cold).format("%.1f") + " ms (next request "
                    + Spread.of(warm).format("%.1f") + " ms)");

            // Approval-to-served: publish ModelApproved, poll until the answer is the new version's, under load.
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong failures = new AtomicLong();
            AtomicLong served = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                // Half the load on the mode-none replica: both JVMs see the same traffic before the wrk runs.
                String target = t % 2 == 0 ? invoke : invokeUnsigned;
                Thread th = new Thread(() -> {
                    while (loading.get()) {
                        String r = call(target, GROUP, csv(oneRow));
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
            for (int i = 0; i < settings.swaps(); i++) {
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
            results.put("approval-to-served swap (median (min–max) of " + swaps.size()
                    + ", event published -> new answers)", Spread.of(swaps).format("%.0f") + " ms; " + served.get()
                    + " requests during swaps, " + failures.get() + " failed");
            kafka.close();
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " requests failed during the swaps");
            }

            int pyPort = freePort();
            startReference(pyPort, "model.json", "reference.log");
            int pyCategoricalPort = freePort();
            startReference(pyCategoricalPort, "categorical-model.json", "reference-categorical.log");
            waitHttp("http://127.0.0.1:" + pyPort + "/ping", Duration.ofSeconds(60));
            waitHttp("http://127.0.0.1:" + pyCategoricalPort + "/ping", Duration.ofSeconds(60));
            String py = "http://127.0.0.1:" + pyPort + "/invocations";
            String pyCategorical = "http://127.0.0.1:" + pyCategoricalPort + "/invocations";
            String pyCategoricalAnswer = post(pyCategorical, null, CategoricalModel.codesCsv(categoricalRow));
            results.put("reference server answer (codes) vs XGBoost4J (raw strings), categorical model, 1 row",
                    pyCategoricalAnswer.trim() + " vs " + expectCategorical.trim());
            String[] pyProbabilities = pyCategoricalAnswer.trim().split(",");
            String[] ourProbabilities = expectCategorical.trim().split(",");
            if (pyProbabilities.length != ourProbabilities.length) {
                throw new IllegalStateException("the categorical reference answers " + pyCategoricalAnswer.trim()
                        + ", XGBoost4J " + expectCategorical.trim());
            }
            for (int k = 0; k < ourProbabilities.length; k++) {
                if (Math.abs(Double.parseDouble(pyProbabilities[k]) - Double.parseDouble(ourProbabilities[k])) > 1e-5) {
                    throw new IllegalStateException("the categorical reference answers " + pyCategoricalAnswer.trim()
                            + ", XGBoost4J " + expectCategorical.trim() + ": not the same model");
                }
            }
            String pyAnswer = post(py, null, csv(oneRow));
            results.put("reference server answer vs XGBoost4J (1 row)", pyAnswer.trim() + " vs " + expectA.trim());
            if (Math.abs(Double.parseDouble(pyAnswer.trim()) - Double.parseDouble(expectA.trim()))
                    > 1e-5 * Math.max(1, Math.abs(Double.parseDouble(expectA.trim())))) {
                throw new IllegalStateException("the reference server answers " + pyAnswer.trim()
                        + ", XGBoost4J " + expectA.trim() + ": not the same model");
            }

            // The cold request is answered by the Booster; the verified Java evaluator replaces it in the background.
            waitFor("Java engine serving " + GROUP, Duration.ofSeconds(30),
                    () -> engineOf(base, GROUP).startsWith("java"));
            results.put("engine serving the benchmark model during the wrk runs (management API)", engineOf(base, GROUP));
            String finalAnswer = call(invoke, GROUP, csv(oneRow));
            waitFor("the mode-none replica serves the same version", Duration.ofSeconds(30),
                    () -> finalAnswer != null && finalAnswer.equals(call(invokeUnsigned, GROUP, csv(oneRow))));
            waitFor("Java engine serving " + GROUP + " on the mode-none replica", Duration.ofSeconds(30),
                    () -> engineOf(unsignedBase, GROUP).startsWith("java"));
            waitFor("engine decided for " + BOOSTER_GROUP, Duration.ofSeconds(30),
                    () -> !engineOf(base, BOOSTER_GROUP).contains("not tried"));
            results.put("engine serving " + BOOSTER_GROUP + " (dart, 100 trees, depth 6)",
                    engineOf(base, BOOSTER_GROUP));
            waitFor("engine decided for " + CATEGORICAL_GROUP, Duration.ofSeconds(30),
                    () -> !engineOf(base, CATEGORICAL_GROUP).contains("not tried"));
            results.put("engine serving " + CATEGORICAL_GROUP, engineOf(base, CATEGORICAL_GROUP));

            List<Target> targets = List.of(
                    new Target("treeline 1 row", invoke, GROUP, "one-row.csv", true),
                    new Target("python3-xgboost + gunicorn 1 row", py, null, "one-row.csv", false),
                    new Target("treeline 1 row, unsigned (replica in mode none)", invokeUnsigned, GROUP, "one-row.csv",
                            false),
                    new Target("treeline 100 rows", invoke, GROUP, "hundred-rows.csv", true),
                    new Target("python3-xgboost + gunicorn 100 rows", py, null, "hundred-rows.csv", false),
                    new Target("treeline 1 row, Booster engine (dart)", invoke, BOOSTER_GROUP, "one-row.csv",
                            true),
                    new Target(CATEGORICAL_TARGET, invoke, CATEGORICAL_GROUP, "categorical-one-row.csv", true),
                    new Target(CATEGORICAL_REFERENCE, pyCategorical, null, "categorical-one-row-codes.csv", false),
                    new Target("treeline empty handler (HTTP floor)", base + "/endpoints/bench/floor", GROUP,
                            "one-row.csv", false));
            String loadBefore = loadAverage();
            Map<String, List<WrkRun>> wrk = wrkInterleaved(targets, settings);

            StringBuilder report = new StringBuilder();
            report.append("Invocation benchmark, ").append(Instant.now()).append(settings.smoke() ? " (SMOKE RUN)" : "")
                    .append(", load average before the wrk runs ").append(loadBefore).append(", after ")
                    .append(loadAverage()).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores, wrk -t2 -c").append(settings.connections()).append(" -d")
                    .append(settings.seconds()).append("s (loopback), ").append(settings.repetitions())
                    .append(" interleaved repetitions per figure (order reversed each repetition): median (min–max);"
                            + " treeline rows are SigV4-signed (wrk cycles through ").append(PRE_SIGNED)
                    .append(" requests pre-signed by the AWS SDK for Java v2) unless marked unsigned\n\n");
            report.append("| server / body | req/s | p50 ms | p99 ms |\n");
            report.append("|---|---:|---:|---:|\n");
            wrk.forEach((name, runs) -> report.append("| ").append(name).append(" | ")
                    .append(Spread.of(runs.stream().map(WrkRun::requestsPerSecond).toList()).format("%.0f"))
                    .append(" | ").append(Spread.of(runs.stream().map(WrkRun::p50Millis).toList()).format("%.2f"))
                    .append(" | ").append(Spread.of(runs.stream().map(WrkRun::p99Millis).toList()).format("%.2f"))
                    .append(" |\n"));
            report.append('\n');
            List<Double> t1 = rps(wrk, "treeline 1 row");
            List<Double> t100 = rps(wrk, "treeline 100 rows");
            List<Double> floor = rps(wrk, "treeline empty handler (HTTP floor)");
            List<Double> t1Unsigned = rps(wrk, "treeline 1 row, unsigned (replica in mode none)");
            List<Double> p1 = rps(wrk, "python3-xgboost + gunicorn 1 row");
            List<Double> p100 = rps(wrk, "python3-xgboost + gunicorn 100 rows");
            List<Double> c1 = rps(wrk, CATEGORICAL_TARGET);
            List<Double> pc1 = rps(wrk, CATEGORICAL_REFERENCE);
            report.append("- treeline / reference, 1 row: ").append(Spread.ratios(t1, p1).format("%.1fx"))
                    .append(" throughput (target >= 10x)\n");
            report.append("- categorical multi-class / numeric regression model, treeline 1 row: ")
                    .append(Spread.ratios(c1, t1).format("%.2fx")).append(" throughput (target >= 0.8x)\n");
            report.append("- treeline (raw strings) / reference (codes), categorical multi-class 1 row: ")
                    .append(Spread.ratios(c1, pc1).format("%.1fx")).append(" throughput\n");
            report.append("- treeline / reference, 100 rows: ").append(Spread.ratios(t100, p100).format("%.1fx"))
                    .append(" throughput\n");
            report.append("- treeline 1 row / HTTP floor: ")
                    .append(Spread.of(Spread.ratios(t1, floor).values().stream().map(r -> 100 * r).toList())
                            .format("%.0f%%")).append(" of the floor's throughput\n");
            report.append("- SigV4 verification cost at 1 row (1 - signed / unsigned, per repetition): ")
                    .append(Spread.of(Spread.ratios(t1, t1Unsigned).values().stream().map(r -> 100 * (1 - r))
                            .toList()).format("%.1f%%")).append(" of single-row throughput (target <= 10%)\n");
            double verifyRate = Spread.of(verifications).median();
            report.append("- SigV4 cost estimated from the in-process rate (unsigned 1-row HTTP rate / verifications"
                    + " per second: the share of CPU verification takes at that rate): ")
                    .append(Spread.of(t1Unsigned.stream().map(r -> 100 * r / verifyRate).toList()).format("%.1f%%"))
                    .append('\n');
            report.append("- rows/s at 100 rows per request: treeline ")
                    .append(Spread.of(t100.stream().map(r -> r * 100).toList()).format("%.0f")).append(", reference ")
                    .append(Spread.of(p100.stream().map(r -> r * 100).toList()).format("%.0f")).append('\n');
            results.forEach((k, v) -> report.append("- ").append(k).append(": ").append(v).append('\n'));
            System.out.println();
            System.out.println(report);
            Files.writeString(out.resolve("results.md"), report.toString());
            log("written to " + out.resolve("results.md"));
        }
    }

    static List<Double> rps(Map<String, List<WrkRun>> wrk, String name) {
        return wrk.get(name).stream().map(WrkRun::requestsPerSecond).toList();
    }

    /**
     * One untimed warm-up per target, then {@code repetitions} rounds over all targets, the order reversed every
     * round, so ours and the reference alternate and neither always runs first on a quieter machine.
     */
    static Map<String, List<WrkRun>> wrkInterleaved(List<Target> targets, Settings settings) throws Exception {
        Map<String, List<WrkRun>> runs = new LinkedHashMap<>();
        for (Target target : targets) {
            wrk(target, settings.warmUpSeconds(), settings.connections());
            runs.put(target.name(), new ArrayList<>());
        }
        for (int r = 0; r < settings.repetitions(); r++) {
            List<Target> order = new ArrayList<>(targets);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Target target : order) {
                WrkRun run = wrk(target, settings.seconds(), settings.connections());
                log(String.format(Locale.ROOT, "repetition %d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms", r + 1,
                        target.name(), run.requestsPerSecond(), run.p50Millis(), run.p99Millis()));
                runs.get(target.name()).add(run);
            }
        }
        return runs;
    }

    /** Starts the packaged deployer (health on a management port of its own) and waits until it is ready. */
    static void startDeployer(InfraSettings s, int port, String invocationAuth, String logName) throws Exception {
        int managementPort = freePort();
        Map<String, String> env = new HashMap<>(InfraSettings.asEnvironment(s.quarkusConfig("deployer_bench")));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("TREELINE_S3_BUCKET", "treeline-bench");
        env.put("TREELINE_S3_CREATE_BUCKET", "true");
        env.put("TREELINE_DEPLOYER_ACCOUNT", "bench");
        env.put("TREELINE_DEPLOYER_ENDPOINT_NAME", "bench");
        env.put("TREELINE_DEPLOYER_POLICY", "approved");
        env.put("TREELINE_DEPLOYER_CONSUMER_GROUP", CONSUMER_GROUP);
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("TREELINE_DEPLOYER_INVOCATION_AUTH", invocationAuth);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.publicKeyFile.toString());
        env.put("TREELINE_ACCESS_KEYS_ENCRYPTION_KEY", auth.encryptionKey);
        env.put("TREELINE_DEPLOYER_BENCH_FLOOR", "true");
        env.put("TREELINE_DEPLOYER_PER_MODEL_METRICS", "true");
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        Path jar = root.resolve("deployer-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build with ./mvnw -B -ntp -pl deployer-service -am"
                    + " package -DskipTests (bench/invocation/run.sh does)");
        }
        start(List.of("java", "-Xmx768m", "-XX:+UseParallelGC", "-jar", jar.toString()), env, logName);
        waitHttp("http://127.0.0.1:" + managementPort + "/q/health/ready", Duration.ofSeconds(90));
    }

    static void startReference(int port, String modelFile, String logName) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("MODEL_FILE", out.resolve(modelFile).toString());
        env.put("OMP_NUM_THREADS", "1");
        env.put("PYTHONPATH", "/usr/lib/python3/dist-packages");
        start(List.of("/usr/bin/python3", "-m", "gunicorn", "--workers", String.valueOf(
                Runtime.getRuntime().availableProcessors()), "--bind", "127.0.0.1:" + port, "--chdir",
                root.resolve("bench/invocation").toString(), "--log-level", "warning", "reference_server:app"),
                env, logName);
    }

    static void start(List<String> command, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(logName).toFile());
        pb.environment().putAll(env);
        processes.add(pb.start());
    }

    static void stopProcesses() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One wrk run against {@code target}; fails when it did not produce a figure (nothing answered, error statuses). */
    static WrkRun wrk(Target target, int seconds, int connections) throws Exception {
        Path script = out.resolve("wrk-" + target.bodyFile().replace(".csv", "")
                + (target.model() == null ? "" : "-" + target.model()) + ".lua");
        String done = "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"ERRORS %d %d %d\\n\", summary.errors.status, summary.errors.connect"
                + " + summary.errors.read + summary.errors.write, summary.errors.timeout))\n"
                + "end\n";
        String raw = Files.readString(out.resolve(target.bodyFile()));
        if (target.signed()) {
            // Signed just before the run (at most PRE_SIGNED seconds old, far inside the 15-minute window).
            Files.writeString(script, auth.luaPreSigned(URI.create(target.url()), invocationHeaders(target.model()),
                    raw.getBytes(StandardCharsets.UTF_8), PRE_SIGNED, done));
        } else {
            writeUnsignedScript(script, target, raw, done);
        }
        String text = run(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
                script.toString(), target.url()));
        return checked(target, text);
    }

    static void writeUnsignedScript(Path script, Target target, String raw, String done) throws IOException {
        String body = raw.replace("\\", "\\\\").replace("\n", "\\n");
        Files.writeString(script, "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"text/csv\"\n"
                + "wrk.headers[\"Accept\"] = \"text/csv\"\n"
                + (target.model() == null ? ""
                        : "wrk.headers[\"X-Amzn-SageMaker-Target-Model\"] = \"" + target.model() + "\"\n")
                + "wrk.body = \"" + body + "\"\n"
                + done);
    }

    static WrkRun checked(Target target, String text) {
        WrkRun run;
        try {
            run = WrkRun.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException(target.name() + ": " + e.getMessage(), e);
        }
        if (!run.usable()) {
            throw new IllegalStateException(target.name() + ": no usable figure (" + run.requests() + " requests, "
                    + run.statusErrors() + " with an error status):\n" + text);
        }
        if (run.socketErrors() > 0 || run.timeouts() > 0) {
            log("WARNING: " + target.name() + ": " + run.socketErrors() + " socket errors, " + run.timeouts()
                    + " timeouts");
        }
        return run;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
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

    /** POSTs {@code body}; requests to a deployer's invocation route are SigV4-signed with the benchmark's key. */
    static String post(String url, String model, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(request(url, model, body, url.contains("/endpoints/")),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static Map<String, String> invocationHeaders(String model) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/csv");
        headers.put("Accept", "text/csv");
        if (model != null) {
            headers.put("X-Amzn-SageMaker-Target-Model", model);
        }
        return headers;
    }

    static HttpRequest request(String url, String model, String body, boolean signed) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (signed) {
            auth.sign(URI.create(url), invocationHeaders(model), bytes, Instant.now())
                    .forEach((name, values) -> values.forEach(v -> r.header(name, v)));
        } else {
            invocationHeaders(model).forEach(r::header);
        }
        return r.build();
    }

    /** Status and error type of an unsigned invocation. */
    static String unsignedStatus(String url, String model, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(request(url, model, body, false),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().firstValue("x-amzn-ErrorType").orElse("");
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
        return HTTP.send(adminRequest(url), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int status(String url) {
        try {
            return HTTP.send(adminRequest(url), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static HttpRequest adminRequest(String url) throws Exception {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth.bearer()).build();
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

    /**
     * Calls per second of XGBoost4J's {@code inplace_predict} (peer) and of the deployer's verified Java evaluator
     * (ours) on the same model and rows, alternating, {@code repetitions} times each: [peer rates, our rates].
     */
    static List<List<Double>> inProcess(byte[] model, float[][] rows, int repetitions, Duration each)
            throws Exception {
        Booster booster = XGBoost.loadModel(model);
        booster.setParam("nthread", "1");
        LoadedModel loaded = LoadedModel.load(new ModelKey("bench", 1), model);
        if (!loaded.isJavaEngine()) {
            throw new IllegalStateException("bench model not served by the Java engine: " + loaded.engineDetail());
        }
        float[] flat = flat(rows);
        List<Double> peer = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        loaded.acquire();
        try {
            for (int r = 0; r < repetitions; r++) {
                for (boolean peerSide : r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    if (peerSide) {
                        peer.add(callsPerSecond(() -> booster.inplace_predict(flat, rows.length, FEATURES, Float.NaN),
                                each));
                    } else {
                        ours.add(callsPerSecond(() -> loaded.predict(flat, rows.length), each));
                    }
                }
            }
        } finally {
            loaded.release();
            loaded.retire();
            booster.dispose();
        }
        return List.of(peer, ours);
    }

    /** Verifications per second of one signed 1-row request as the deployer's route builds and checks it. */
    static List<Double> sigV4InProcess(String body, int repetitions, Duration each) throws Exception {
        URI uri = URI.create("http://127.0.0.1:8084/endpoints/bench/invocations");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>(auth.sign(uri, invocationHeaders(GROUP), bytes,
                Instant.now()));
        headers.put("Host", List.of("127.0.0.1:8084"));
        headers.put("Content-Length", List.of(String.valueOf(bytes.length)));
        headers.put("User-Agent", List.of("wrk"));
        AccessKeyLookup.AccessKey key = AccessKeyLookup.AccessKey.active(BenchAuth.ACCESS_KEY_ID, auth.secret,
                "bench-invoker");
        Optional<AccessKeyLookup.AccessKey> found = Optional.of(key);
        SigV4Verifier verifier = new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"),
                id -> id.equals(BenchAuth.ACCESS_KEY_ID) ? found : Optional.empty(), Clock.systemUTC());
        // As the deployer's route: the verifier reads the headers it needs from Vert.x' own header map.
        io.vertx.core.MultiMap received = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
        headers.forEach(received::add);
        Call verify = () -> verifier.verify(SigV4Request.builder("POST", uri.getRawPath()).body(bytes)
                .headerSource(received::getAll).build());
        verify.run(); // fails here if the request does not verify
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            rates.add(callsPerSecond(verify, each));
        }
        return rates;
    }

    interface Call {
        void run() throws Exception;
    }

    /** Calls per second on as many threads as cores, for {@code duration}. */
    static double callsPerSecond(Call call, Duration duration) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
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
        return calls.get() / (duration.toNanos() / 1e9);
    }

    static float[] flat(float[][] rows) {
        int width = rows.length == 0 ? FEATURES : rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    static Booster train(long seed, int rounds, int depth, int n) throws Exception {
        return train(seed, rounds, depth, n, "gbtree");
    }

    /** {@code booster} gbtree, or dart: a model the Java evaluator does not take, served by the Booster. */
    static Booster train(long seed, int rounds, int depth, int n, String booster) throws Exception {
        float[][] x = rows(seed, n);
        float[] y = new float[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] * 3 + x[i][1] * x[i][2] - x[i][3] + (float) random.nextGaussian() * 0.1f;
        }
        DMatrix m = matrix(x);
        m.setLabel(y);
        // one thread: training is set-up, not a figure, and OpenMP threads spin badly on a crowded machine
        Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "booster", booster,
                "max_depth", depth, "eta", 0.1, "nthread", 1, "seed", 0));
        if (booster.equals("dart")) {
            params.put("rate_drop", 0.1); // training only: predictions use every tree
        }
        Booster trained = XGBoost.train(m, params, rounds, Map.of(), null, null);
        m.dispose();
        return trained;
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

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
