package dev.treeline.launcher;

import dev.treeline.events.DatasetReady;
import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelDeployed;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.events.ModelUndeployed;
import dev.treeline.events.RetrainRequested;
import dev.treeline.events.RunFailed;
import dev.treeline.events.Topics;
import dev.treeline.events.TuningCompleted;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints one line per platform event from now on, so a person can follow each model stage by stage:
 * run requested, dataset ready, tuning completed, version registered, approved or rejected, served
 * per account. It reads the topics like any other consumer and never commits offsets.
 */
final class ProgressWatcher implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final List<String> TOPICS = List.of(Topics.RETRAIN_REQUESTS, Topics.DRIFT_ALERTS, Topics.DATASETS,
            Topics.TUNING, Topics.MODEL_PACKAGES, Topics.DEPLOYMENTS, Topics.RUN_FAILURES);

    private final KafkaConsumer<String, byte[]> consumer;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    ProgressWatcher(String bootstrapServers, PrintStream out) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "treeline-launcher-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.out = out;
        List<TopicPartition> partitions = TOPICS.stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix "now" before anything is kicked off
        this.thread = new Thread(this::loop, "progress-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        String line = describe(EventCodec.shared().decode(record.value()));
                        if (line != null) {
                            out.printf("%s  %-15s %s%n", LocalTime.now(ZoneId.systemDefault()).format(CLOCK),
                                    record.key(), line);
                        }
                    } catch (RuntimeException e) {
                        out.println("(an event on " + record.topic() + " could not be read: " + e.getMessage() + ")");
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** One line for people; null for events not worth a line. */
    static String describe(EventEnvelope<?> event) {
        EventPayload payload = event.payload();
        String run = "run " + shortId(event.correlationId());
        if (payload instanceof RetrainRequested r) {
            return run + ": retraining requested (" + r.reason().name().toLowerCase(Locale.ROOT)
                    + (r.testing() ? ", testing" : "") + ") by " + r.requestedBy();
        }
        if (payload instanceof DriftDetected d) {
            return "drift alert: " + d.metric() + " = " + d.value() + " from " + d.source();
        }
        if (payload instanceof DatasetReady d) {
            return run + ": dataset ready, " + rows(d) + " rows (train/validation/test "
                    + d.lineage().splits().train().rows() + "/" + d.lineage().splits().validation().rows() + "/"
                    + d.lineage().splits().test().rows() + "), window " + d.lineage().window().start() + ".." + d.lineage().window().end();
        }
        if (payload instanceof TuningCompleted t) {
            return run + ": tuning " + t.tuningJobName() + " done, " + t.trialCount() + " trials, "
                    + (t.parentTuningJobs().isEmpty() ? "cold start" : "warm start " + t.warmStartType()
                            + " from " + String.join(", ", t.parentTuningJobs()))
                    + ", " + t.objectiveMetric() + " " + format(t.objectiveMetricValue()) + ", test " + metrics(t.testMetrics());
        }
        if (payload instanceof ModelRegistered r) {
            return run + ": registered version " + r.version() + " (" + r.approvalStatus()
                    + (r.testing() ? ", testing" : "") + ")";
        }
        if (payload instanceof ModelApproved a) {
            return "version " + a.version() + " approved by " + a.by() + ": " + a.reason();
        }
        if (payload instanceof ModelRejected r) {
            return "version " + r.version() + " rejected by " + r.by() + ": " + r.reason();
        }
        if (payload instanceof ModelDeployed d) {
            return "version " + d.version() + " serving in " + d.account() + " ("
                    + d.action().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        }
        if (payload instanceof ModelUndeployed u) {
            return "no longer served in " + u.account() + ": " + u.reason();
        }
        if (payload instanceof DeploymentFailed f) {
            return "version " + f.version() + " NOT deployed in " + f.account() + ": " + f.reason();
        }
        if (payload instanceof RunFailed f) {
            return run + ": FAILED in " + f.stage() + ": " + f.reason();
        }
        return null;
    }

    private static long rows(DatasetReady d) {
        return nullToZero(d.lineage().splits().train().rows()) + nullToZero(d.lineage().splits().validation().rows())
                + nullToZero(d.lineage().splits().test().rows());
    }

    private static long nullToZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String metrics(Map<String, Double> metrics) {
        return metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + format(e.getValue())).reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
