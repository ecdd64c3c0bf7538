package dev.treeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import dev.treeline.events.Topics;
import org.apache.kafka.common.Uuid;

/** A real single-node Kafka broker in KRaft combined mode, running as its own JVM. */
final class KafkaBroker implements AutoCloseable {

    /** Topics whose newest record per key is the state: compacted instead of deleted by age. */
    static final Set<String> COMPACTED = Set.of(Topics.ACCESS_KEYS, Topics.MODEL_DEFINITIONS);

    private final int port;
    private final ManagedProcess process;

    private KafkaBroker(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    static KafkaBroker start(Path dir, int brokerPort, int partitions, Duration timeout)
            throws IOException, InterruptedException {
        int controllerPort = Ports.free();
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(brokerPort, controllerPort, data, partitions));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                status = error
                appender.console.type = Console
                appender.console.name = STDOUT
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = WARN
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.kafka.name = kafka.server.KafkaRaftServer
                logger.kafka.level = INFO
                """);
        String classpath = ServerClasspath.joined("kafka");
        Path log = dir.resolve("kafka.log");
        List<String> jvm = List.of(ServerClasspath.javaExecutable(), "-Xms64m", "-Xmx" + System.getProperty(
                "treeline.infra.kafka.heap", "384m"), "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", classpath);

        // A formatted log dir keeps its cluster id: a restart of the launcher reuses the data.
        if (!Files.exists(data.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(jvm);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"));
            ManagedProcess.runToCompletion("kafka storage format", format, dir, log, Duration.ofSeconds(60));
        }
        List<String> run = new ArrayList<>(jvm);
        run.addAll(List.of("kafka.Kafka", config.toString()));
        ManagedProcess process = ManagedProcess.start("kafka", run, dir, log, dir.resolveSibling("pids")
                .resolve("kafka.pid"));
        KafkaBroker broker = new KafkaBroker(brokerPort, process);
        try {
            process.awaitPort(brokerPort, timeout);
            broker.awaitReady(timeout);
            return broker;
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static String serverProperties(int brokerPort, int controllerPort, Path data, int partitions) {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data));
        brokerSettings(partitions).forEach((name, value) -> lines.add(name + "=" + value));
        lines.add("");
        return String.join("\n", lines);
    }

    /**
     * What a single-node test broker needs beyond its listeners, whoever runs it (this JVM's child process
     * or a container): one replica everywhere, topics created on first use, no rebalance delay.
     */
    static Map<String, String> brokerSettings(int partitions) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("num.partitions", Integer.toString(partitions));
        settings.put("auto.create.topics.enable", "true");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "5");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("default.replication.factor", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        return settings;
    }

    private Admin admin() {
        return admin(bootstrapServers());
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000));
    }

    /** The port opens before the controller has elected itself; a metadata round trip proves it serves. */
    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                process.ensureAlive();
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                    Thread.sleep(200);
                }
            }
        }
        throw new IOException("Kafka did not become ready within " + timeout + ": " + last + "\n"
                + ManagedProcess.tail(process.logFile(), 40));
    }

    /** Creates the topics that do not exist yet (existing ones keep their partitions). */
    void createTopics(Collection<String> topics, int partitions) throws IOException, InterruptedException {
        createTopics(bootstrapServers(), topics, partitions);
    }

    static void createTopics(String bootstrapServers, Collection<String> topics, int partitions)
            throws IOException, InterruptedException {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(topicConfig(t)))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            // a topic made before its configuration was (a broker kept from an earlier run) gets it now
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
            topics.stream().distinct().filter(existing::contains).forEach(t -> {
                List<AlterConfigOp> ops = topicConfig(t).entrySet().stream().map(e -> new AlterConfigOp(
                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
                if (!ops.isEmpty()) {
                    changes.put(new ConfigResource(ConfigResource.Type.TOPIC, t), ops);
                }
            });
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /**
     * A topic's own settings: {@code treeline.access-keys} carries whole-table snapshots under one key and
     * {@code treeline.model-definitions} each model's definition revisions under the model's key, so both are
     * compacted (the newest record per key survives retention: a consumer starting from scratch still learns every
     * defined model); their dead-letter topics and every other topic delete by age.
     */
    static Map<String, String> topicConfig(String topic) {
        if (COMPACTED.contains(topic)) {
            return Map.of("cleanup.policy", "compact");
        }
        return Map.of();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
