package dev.treeline.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import dev.treeline.infra.InfraSettings;
import dev.treeline.infra.LocalInfrastructure;
import dev.treeline.infra.Ports;
import dev.treeline.infra.StaleProcessReaper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole platform on one machine without Docker: real Kafka, PostgreSQL and S3 servers, then
 * every service as its own process. Data stays in a folder, so a second run continues where the first
 * stopped. Ctrl-C stops the services, then the servers; nothing is left running.
 */
@Command(name = "treeline-local", mixinStandardHelpOptions = true,
        description = "Runs Treeline locally on embedded infrastructure (no Docker).",
        footerHeading = "%nSecurity of the local run:%n",
        footer = {
                "  The first start makes the JWT key pair and the access-key encryption",
                "  key in <data dir>/secrets (0700, files 0600); later starts reuse them.",
                "  Services get secrets as files, never in their environment.",
                "  The registry's first admin is 'admin' with the password of",
                "  TREELINE_ADMIN_PASSWORD (better than --admin-password, which ps shows);",
                "  default admin, which only the local run accepts.",
                "  As that admin, the launcher creates the demo users alice (approver,",
                "  password alice-approves), oscar (operator, oscar-operates) and the",
                "  service identity demo-invoker (invoker) with one access key, saved in",
                "  <data dir>/demo-invoker.credentials (0600) and printed as",
                "  export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=...",
                "  for boto3, the AWS SDKs and ./treeline invoke.",
                "  People log in with ./treeline login. Health and metrics answer on the",
                "  management ports only (default 9081-9086), not on the API ports."})
public final class LocalPlatform implements Callable<Integer> {

    static final String READY_LINE = "Treeline is up.";
    static final String ADMIN_USER = "admin";

    @Option(names = "--data-dir", description = "Where data and logs are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".treeline-data");

    @Option(names = "--root", description = "The repository root with the built services (default: current dir).")
    Path root = Path.of("");

    @Option(names = "--infra-only", description = "Start only Kafka, PostgreSQL and S3.")
    boolean infraOnly;

    @Option(names = "--free-ports", description = "Pick free ports instead of the fixed defaults (tests).")
    boolean freePorts;

    @Option(names = "--kafka-port", defaultValue = "19092")
    int kafkaPort;

    @Option(names = "--postgres-port", defaultValue = "15432")
    int postgresPort;

    @Option(names = "--s3-port", defaultValue = "19000")
    int s3Port;

    @Option(names = "--service-port-base", defaultValue = "8081",
            description = "Ports of data-prep, tuning, registry, deployer sandbox/qa/prod: base, base+1, ...")
    int servicePortBase;

    @Option(names = "--management-port-base", defaultValue = "9081",
            description = "Management ports (health, metrics) of the same services: base, base+1, ... (default:"
                    + " ${DEFAULT-VALUE})")
    int managementPortBase;

    @Option(names = "--admin-password", defaultValue = "${env:TREELINE_ADMIN_PASSWORD:-admin}", arity = "1",
            description = "Password of the registry's first admin (user admin), set on its first start (env"
                    + " TREELINE_ADMIN_PASSWORD, default: admin; only the local run accepts that one)")
    String adminPassword = "admin";

    @Option(names = "--no-demo", description = "Do not load the demo warehouse nor kick off the demo models' runs.")
    boolean noDemo;

    @Option(names = "--demo-days", defaultValue = "900", description = "Days of demo warehouse rows (default: ${DEFAULT-VALUE}).")
    int demoDays;

    @Option(names = "--demo-rows-per-day", defaultValue = "200",
            description = "Rows per day and demo table (default: ${DEFAULT-VALUE}).")
    int demoRowsPerDay;

    @Option(names = "--prod-promotion-delay", defaultValue = "PT2M",
            description = "How long prod waits after an approval (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration prodPromotionDelay;

    @Option(names = "--models", description = {"A folder of model definitions (one <model>.yaml each) that data-prep"
            + " loads and watches: change a file and the model changes, no restart (default: <root>/examples/models,"
            + " the demo models).", "The demo warehouse is loaded either way (unless --no-demo); the demo models"
            + " that the folder defines are kicked off."})
    Path modelsDir;

    private List<ServiceSpec> services;
    private LocalSecrets secrets;
    private DemoIdentities.AccessKey demoInvokerKey;
    private final List<ServiceProcess> running = Collections.synchronizedList(new ArrayList<>());
    private volatile LocalInfrastructure infra;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Kept referenced: JUL holds loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger QUIET_VALIDATOR = java.util.logging.Logger.getLogger(
            "org.hibernate.validator");

    public static void main(String[] args) {
        QUIET_VALIDATOR.setLevel(java.util.logging.Level.WARNING); // its version banner is not progress
        System.exit(new CommandLine(new LocalPlatform()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "treeline-stop"));
        if (!start()) {
            return 1; // exit runs the shutdown hook, which stops everything started so far
        }
        if (!noDemo && !infraOnly) {
            try (ProgressWatcher watcher = new ProgressWatcher(settings().kafkaBootstrapServers(), System.out)) {
                new DemoRun(settings(), url("data-prep-service"), url("registry-service"), dataDir, System.out)
                        .start(demoDays, demoRowsPerDay, models());
                stopped.await();
            }
        } else {
            stopped.await();
        }
        return 0;
    }

    /** Starts the servers and the services and waits until all are ready; false when a service did not start. */
    boolean start() throws Exception {
        root = root.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        List<Integer> servicePorts = IntStream.range(0, 6)
                .mapToObj(i -> freePorts ? Ports.free() : servicePortBase + i).toList();
        List<Integer> managementPorts = IntStream.range(0, 6)
                .mapToObj(i -> freePorts ? Ports.free() : managementPortBase + i).toList();
        Files.createDirectories(dataDir);
        secrets = LocalSecrets.ensure(dataDir, adminPassword);
        Path models = models();
        services = ServiceSpec.platform(servicePorts, managementPorts, prodPromotionDelay, models);
        if (!infraOnly) {
            requireBuilt(services);
        }
        StaleProcessReaper.reap(dataDir.resolve("service-pids"));
        if (!infraOnly) {
            for (ServiceSpec spec : services) {
                Ports.requireFree(spec.port(), spec.name());
                Ports.requireFree(spec.managementPort(), spec.name() + " (management)");
            }
        }

        long started = System.nanoTime();
        System.out.println("Starting Kafka, PostgreSQL and S3 (data in " + dataDir + ") ...");
        LocalInfrastructure.Builder builder = LocalInfrastructure.builder()
                .persistentDataDir(dataDir.resolve("infra"))
                .partitions(3)
                .databases(ServiceSpec.databases(services));
        if (!freePorts) {
            builder.ports(kafkaPort, postgresPort, s3Port);
        }
        infra = builder.start();
        InfraSettings settings = infra.settings();
        System.out.println("Infrastructure ready (" + infra.postgresKind() + "):\n" + settings.describe());

        if (!infraOnly) {
            System.out.println("Starting " + services.size() + " services (logs in " + dataDir.resolve("logs") + ") ...");
            for (ServiceSpec spec : services) {
                running.add(ServiceProcess.start(spec, root, dataDir, spec.environment(settings, secrets)));
            }
            List<CompletableFuture<Void>> ready = running.stream().map(service -> CompletableFuture.runAsync(() -> {
                try {
                    service.awaitReady(Duration.ofMinutes(5)); // a loaded laptop may take minutes
                    System.out.printf("  %-18s ready  %s  management %s%n", service.spec().name(),
                            service.spec().baseUrl(), service.spec().managementUrl());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            })).toList();
            try {
                CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
            } catch (RuntimeException e) {
                System.err.println("A service did not start: " + (e.getCause() != null ? e.getCause().getMessage()
                        : e.getMessage()));
                return false;
            }
        }
        if (!infraOnly) {
            DemoIdentities identities = new DemoIdentities(url(ServiceSpec.REGISTRY), dataDir);
            try {
                demoInvokerKey = identities.ensure(ADMIN_USER, adminPassword);
                System.out.println(String.join("\n",
                        "Demo users: alice (approver, password alice-approves), oscar (operator, oscar-operates),",
                        "  demo-invoker (invoker; its access key is in " + identities.credentialsFile() + ")."
                                + " Log in with: ./treeline login --user alice",
                        "Sign invocations as the demo invoker (boto3, the AWS SDKs and ./treeline invoke):",
                        "  " + demoInvokerKey.exportLine()));
            } catch (IOException e) {
                System.err.println("Could not create the demo users and the demo invoker's key: " + e.getMessage());
            }
        }
        System.out.printf("%s (%.1f s) Health: <management url>/q/health/ready, metrics: <management url>/q/metrics."
                + " Ctrl-C stops everything.%n", READY_LINE, (System.nanoTime() - started) / 1e9);
        return true;
    }

    /**
     * The definitions folder data-prep reads (treeline.definitions.dir), as an absolute path: --models, else the
     * repository's examples/models.
     */
    Path models() {
        Path folder = (modelsDir != null ? modelsDir : root.resolve("examples/models")).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--models " + folder
                    + " is not a folder (of model definitions, one <model>.yaml each)");
        }
        return folder;
    }

    /** The local run's secret files (tests read them to search logs for the values). */
    LocalSecrets secrets() {
        return secrets;
    }

    /** The demo invoker's key, once the registry made it (null before start() or if that failed). */
    DemoIdentities.AccessKey demoInvokerKey() {
        return demoInvokerKey;
    }

    /** The management URL (health, metrics) of a service by its name. */
    String managementUrl(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst().map(ServiceSpec::managementUrl)
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
    }

    /** Every service as started (name, ports, log file under the data dir's logs/). */
    List<ServiceSpec> services() {
        return services;
    }

    InfraSettings settings() {
        return infra.settings();
    }

    /** Base URL of a service by its name, e.g. "deployer-qa". */
    String url(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst().map(ServiceSpec::baseUrl)
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
    }

    private void requireBuilt(List<ServiceSpec> services) {
        List<Path> missing = services.stream().map(s -> s.runJar(root)).distinct().filter(p -> !Files.exists(p))
                .toList();
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "services are not built (missing "
                    + missing + "); run ./mvnw install -DskipTests first, or start with ./run-local.sh");
        }
    }

    /** Services first (they flush and leave their consumer groups), then the servers they depend on. */
    void stopAll() {
        System.out.println("Stopping ...");
        List<ServiceProcess> services;
        synchronized (running) {
            services = new ArrayList<>(running);
            running.clear();
        }
        CompletableFuture.allOf(services.stream().map(s -> CompletableFuture.runAsync(s::close))
                .toArray(CompletableFuture[]::new)).join();
        if (infra != null) {
            infra.close();
        }
        System.out.println("Stopped; data kept in " + dataDir);
        stopped.countDown();
    }
}
