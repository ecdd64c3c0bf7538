package dev.treeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

import dev.treeline.events.Topics;

/**
 * Real Kafka, PostgreSQL and an S3-compatible server on loopback, started from Maven artifacts with no
 * Docker engine. The same code serves the launcher for people (fixed ports, data kept in a folder) and
 * the test resource (free ports, throw-away folder). The test resource can instead run the three in
 * Docker containers ({@link InfraBackend#TESTCONTAINERS}); this class is then the handle on them.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalInfrastructure.class.getName());

    /** The S3 credentials of every store we start (S3Proxy here, MinIO in a container). */
    static final String S3_ACCESS_KEY = "treeline";
    static final String S3_SECRET_KEY = "treeline-secret";
    /** Partitions of every topic the tests' infrastructure creates. */
    static final int TEST_PARTITIONS = 1;

    public enum PostgresMode {
        /** Embedded binaries, falling back to the Debian server if they cannot start. */
        AUTO, EMBEDDED, SYSTEM
    }

    private final Builder config;
    private final Path dataDir;
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private S3Server s3;
    private InfraSettings settings;
    private boolean attached;
    /** Stops servers this JVM started by other means than its own child processes (containers). */
    private AutoCloseable otherServers;

    private LocalInfrastructure(Builder config, Path dataDir) {
        this.config = config;
        this.dataDir = dataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the three servers in parallel; if one fails, the others are stopped before the error is thrown. */
    private LocalInfrastructure start() throws IOException {
        Files.createDirectories(dataDir);
        int reaped = StaleProcessReaper.reap(dataDir.resolve("pids"));
        if (reaped > 0) {
            LOG.warning("stopped " + reaped + " server process(es) left running by an earlier run in " + dataDir);
        }
        int kafkaPort = Ports.resolve(config.kafkaPort);
        int postgresPort = Ports.resolve(config.postgresPort);
        int s3Port = Ports.resolve(config.s3Port);
        Ports.requireFree(kafkaPort, "Kafka");
        Ports.requireFree(postgresPort, "PostgreSQL");
        Ports.requireFree(s3Port, "S3");

        CompletableFuture<KafkaBroker> k = CompletableFuture.supplyAsync(() -> unchecked(() -> {
            KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, config.partitions,
                    config.timeout);
            kafka = broker;
            broker.createTopics(config.topics, config.partitions);
            return broker;
        }));
        CompletableFuture<PostgresServer> p = CompletableFuture.supplyAsync(() -> unchecked(() -> {
            PostgresServer server = startPostgres(dataDir.resolve("postgres"), postgresPort);
            postgres = server;
            for (String db : config.databases) {
                server.createDatabaseIfMissing(db);
            }
            return server;
        }));
        CompletableFuture<S3Server> s = CompletableFuture.supplyAsync(() -> unchecked(() -> {
            S3Server server = S3Server.start(dataDir.resolve("s3"), s3Port, config.s3AccessKey, config.s3SecretKey,
                    config.timeout);
            s3 = server;
            return server;
        }));
        try {
            CompletableFuture.allOf(k, p, s).join();
        } catch (CompletionException e) {
            close();
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("local infrastructure did not start: " + cause.getMessage(), cause);
        }
        settings = new InfraSettings(kafka.bootstrapServers(), "127.0.0.1", postgres.port(),
                PostgresServer.SUPERUSER, "", s3.endpoint(), S3Server.REGION, s3.accessKey(), s3.secretKey());
        return this;
    }

    private PostgresServer startPostgres(Path dir, int port) throws IOException, InterruptedException {
        switch (config.postgresMode) {
            case EMBEDDED:
                return EmbeddedPostgresServer.start(dir, port, config.durable, config.timeout);
            case SYSTEM:
                return SystemPostgresServer.start(dir, port, config.durable, config.timeout);
            default:
                try {
                    return EmbeddedPostgresServer.start(dir, port, config.durable, config.timeout);
                } catch (IOException | RuntimeException embeddedFailed) {
                    if (SystemPostgresServer.findBinaries().isEmpty()) {
                        throw new IOException("embedded PostgreSQL failed (" + embeddedFailed.getMessage()
                                + ") and no Debian PostgreSQL server is installed to fall back to"
                                + " (apt-get install postgresql)", embeddedFailed);
                    }
                    LOG.warning("embedded PostgreSQL failed (" + embeddedFailed.getMessage()
                            + "); falling back to the Debian PostgreSQL server");
                    return SystemPostgresServer.start(dir, port, config.durable, config.timeout);
                }
        }
    }

    /**
     * A view of servers another class loader of this JVM started (Quarkus gives each test profile its own):
     * same servers, databases and topics can be created, closing it stops nothing.
     */
    static LocalInfrastructure attach(InfraSettings settings) {
        LocalInfrastructure view = reachedAt(settings, "shared with another class loader", null);
        view.attached = true;
        return view;
    }

    /**
     * Servers that are not child processes of this JVM (containers), reached through their settings;
     * {@link #close()} runs {@code stop}.
     */
    static LocalInfrastructure reachedAt(InfraSettings settings, String postgresKind, AutoCloseable stop) {
        LocalInfrastructure view = new LocalInfrastructure(builder(), null);
        view.settings = settings;
        view.postgres = new ReachablePostgres(settings, postgresKind);
        view.otherServers = stop;
        return view;
    }

    /** The Kafka topics of the platform and their dead-letter topics, created before any service starts. */
    static List<String> platformTopics() {
        List<String> topics = new ArrayList<>(Topics.all());
        Topics.all().forEach(t -> topics.add(Topics.deadLetter(t)));
        return topics;
    }

    /** A server this JVM did not start as a child process, reached with the superuser of its settings. */
    private static final class ReachablePostgres extends PostgresServer {
        private final InfraSettings settings;
        private final String kind;

        ReachablePostgres(InfraSettings settings, String kind) {
            this.settings = settings;
            this.kind = kind;
        }

        @Override
        int port() {
            return settings.postgresPort();
        }

        @Override
        String host() {
            return settings.postgresHost();
        }

        @Override
        String superuser() {
            return settings.postgresUser();
        }

        @Override
        String superuserPassword() {
            return settings.postgresPassword();
        }

        @Override
        String kind() {
            return kind;
        }

        @Override
        long pid() {
            return -1;
        }

        @Override
        public void close() {
        }
    }

    public InfraSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String postgresKind() {
        return postgres.kind();
    }

    public void createDatabase(String name) throws IOException {
        postgres.createDatabaseIfMissing(name);
    }

    public void createTopics(Collection<String> topics) throws IOException, InterruptedException {
        if (kafka == null) {
            KafkaBroker.createTopics(settings.kafkaBootstrapServers(), topics, config.partitions);
            return;
        }
        kafka.createTopics(topics, config.partitions);
    }

    /**
     * Pids of the server processes this JVM started, so a test can check nothing is left behind; none for
     * a view of another class loader's servers or for containers.
     */
    public List<Long> serverPids() {
        List<Long> pids = new ArrayList<>();
        if (kafka != null) {
            pids.add(kafka.pid());
        }
        if (postgres != null && !(postgres instanceof ReachablePostgres)) {
            pids.add(postgres.pid());
        }
        if (s3 != null) {
            pids.add(s3.pid());
        }
        return pids;
    }

    @Override
    public synchronized void close() {
        if (attached) {
            return; // the class loader that started the servers stops them
        }
        CompletableFuture<?> stopS3 = CompletableFuture.runAsync(() -> quietly(s3));
        CompletableFuture<?> stopKafka = CompletableFuture.runAsync(() -> quietly(kafka));
        CompletableFuture<?> stopPostgres = CompletableFuture.runAsync(() -> quietly(postgres));
        CompletableFuture<?> stopOthers = CompletableFuture.runAsync(() -> quietly(otherServers));
        CompletableFuture.allOf(stopS3, stopKafka, stopPostgres, stopOthers).join();
        s3 = null;
        kafka = null;
        postgres = null;
        otherServers = null;
        if (config.deleteOnClose && dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    private static void quietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            LOG.warning("stopping " + server.getClass().getSimpleName() + " failed: " + e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warning("could not delete " + dir + ": " + e);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException, InterruptedException;
    }

    private static <T> T unchecked(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    public static final class Builder {
        private Path dataDir;
        private boolean deleteOnClose = true;
        private boolean durable = false;
        private int kafkaPort;
        private int postgresPort;
        private int s3Port;
        private int partitions = TEST_PARTITIONS;
        private Duration timeout = Duration.ofSeconds(90);
        private PostgresMode postgresMode = PostgresMode.valueOf(System.getProperty("treeline.infra.postgres",
                "AUTO").toUpperCase(java.util.Locale.ROOT));
        private String s3AccessKey = S3_ACCESS_KEY;
        private String s3SecretKey = S3_SECRET_KEY;
        private final List<String> databases = new ArrayList<>();
        private final List<String> topics = platformTopics();

        private Builder() {
        }

        /** Keep data in this folder across restarts (the launcher); without it a temp folder is used and deleted. */
        public Builder persistentDataDir(Path dir) {
            this.dataDir = dir;
            this.deleteOnClose = false;
            this.durable = true;
            return this;
        }

        /** Fixed ports; 0 (the default) picks a free loopback port. */
        public Builder ports(int kafka, int postgres, int s3) {
            this.kafkaPort = kafka;
            this.postgresPort = postgres;
            this.s3Port = s3;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder databases(Collection<String> names) {
            databases.addAll(names);
            return this;
        }

        public Builder postgresMode(PostgresMode mode) {
            this.postgresMode = mode;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public LocalInfrastructure start() throws IOException {
            Path dir = dataDir != null ? dataDir.toAbsolutePath()
                    : Files.createTempDirectory("treeline-infra-");
            return new LocalInfrastructure(this, dir).start();
        }
    }
}
