package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.treeline.events.DatasetReady;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.Lineage;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.Topics;
import dev.treeline.events.definition.TaskSection;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.support.s3.ObjectStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Puts datasets in the real S3, publishes to and reads from the real broker, waits for jobs in the database. */
final class TuningTestSupport {

    static final String BUCKET = "treeline-training";
    /** The model definition revision the tests' runs snapshotted. */
    static final int DEFINITION_REVISION = 7;

    private TuningTestSupport() {
    }

    static DatasetSplits upload(ObjectStore objects, String model, String runId, String train, String validation,
                                String test) {
        return new DatasetSplits(put(objects, model, runId, "train", train),
                put(objects, model, runId, "validation", validation), put(objects, model, runId, "test", test));
    }

    /** The three splits and their {@code schema.json} (categorical features, text labels, weight, group). */
    static DatasetSplits upload(ObjectStore objects, String model, String runId, String train, String validation,
                                String test, DatasetSchema schema) {
        DatasetSplits splits = upload(objects, model, runId, train, validation, test);
        ObjectRef schemaRef = objects.put(BUCKET, "datasets/" + model + "/" + runId + "/" + DatasetSchema.FILE_NAME,
                schema.toJson(), null);
        return new DatasetSplits(splits.train(), splits.validation(), splits.test(), schemaRef);
    }

    static ObjectRef put(ObjectStore objects, String model, String runId, String split, String csv) {
        long rows = csv.lines().count();
        return objects.put(BUCKET, "datasets/" + model + "/" + runId + "/" + split + ".csv",
                csv.getBytes(StandardCharsets.UTF_8), rows);
    }

    /** A run of {@code model} tuned as {@code tuning} says, scored by the objective's default metric. */
    static DatasetReady datasetReady(String runId, String model, String objective, TuningSection tuning,
                                     List<String> features, DatasetSplits splits, boolean testing) {
        return datasetReady(runId, model, objective, TaskSection.defaultMetric(objective), tuning, features, splits,
                testing);
    }

    static DatasetReady datasetReady(String runId, String model, String objective, String objectiveMetric,
                                     TuningSection tuning, List<String> features, DatasetSplits splits,
                                     boolean testing) {
        return new DatasetReady(runId, model, objective, objectiveMetric, tuning, DEFINITION_REVISION, new Lineage("gold",
                "select label, x0, x1 from t where day between :dateStart and :dateEnd",
                Map.of("dateStart", "2026-01-01", "dateEnd", "2026-03-31"), new DateWindow(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31)),
                "label", features, splits), testing);
    }

    static EventEnvelope<DatasetReady> envelope(DatasetReady payload) {
        return EventEnvelope.of(payload.runId(), payload);
    }

    static void publish(EventEnvelope<?> event) {
        send(Topics.DATASETS, event.subject(), EventCodec.shared().encode(event));
    }

    static void send(String topic, String key, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Waits for the run's job to leave RUNNING (training happens asynchronously). */
    static TuningJob awaitFinished(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TuningJob job = QuarkusTransaction.requiringNew().call(() ->
                    TuningJob.<TuningJob>find("runId", runId).firstResult());
            if (job != null && job.status != TuningJob.Status.RUNNING) {
                return job;
            }
            pause(200);
        }
        return fail("the job of run " + runId + " did not finish within " + timeout);
    }

    static long jobsOfRun(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> TuningJob.count("runId", runId));
    }

    static List<TuningTrial> trials(String jobName) {
        return QuarkusTransaction.requiringNew().call(() ->
                TuningTrial.<TuningTrial>list("jobName = ?1 order by trialIndex", jobName));
    }

    /** All records on {@code topic} matching {@code filter} seen until {@code expected} are found or time is up. */
    static List<ConsumerRecord<String, byte[]>> consume(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                        int expected, Duration timeout) {
        return consume(topic, filter, expected, timeout, r -> false);
    }

    /** As above, stopping early once a record matching {@code last} (a later event) has been read. */
    static List<ConsumerRecord<String, byte[]>> consume(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                        int expected, Duration timeout,
                                                        Predicate<ConsumerRecord<String, byte[]>> last) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tuning-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean lastSeen = false;
            while (System.nanoTime() < deadline && found.size() < expected && !lastSeen) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                    lastSeen |= last.test(r);
                }
            }
        }
        return found;
    }

    static Predicate<ConsumerRecord<String, byte[]>> ofRun(String runId) {
        return r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("\"" + runId + "\"");
    }

    /** Between two polls of the database. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
