package dev.treeline.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.Lineage;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;

/** TuningCompleted events as the tuning service writes them, for one model group per test. */
final class TuningResults {

    private TuningResults() {
    }

    /** A fresh, valid model group name so tests sharing one database do not see each other's data. */
    static String newGroup(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static EventEnvelope<TuningCompleted> completed(String group, String tuningJob, double rmse, boolean testing) {
        return completed(group, tuningJob, List.of("hp-" + group + "-parent"), rmse * 0.98,
                Map.of("rmse", rmse, "mae", rmse * 0.7), testing);
    }

    static EventEnvelope<TuningCompleted> completed(String group, String tuningJob, List<String> parents,
            double objectiveValue, Map<String, Double> testMetrics, boolean testing) {
        return completed(group, tuningJob, parents, objectiveValue, testMetrics, testing, artifact(group, tuningJob));
    }

    /** A retrain whose model is byte for byte the one {@code sameAsJob} wrote (its own key, the same SHA-256). */
    static EventEnvelope<TuningCompleted> reproducing(String group, String tuningJob, String sameAsJob) {
        ArtifactRef artifact = new ArtifactRef("treeline-training", "models/" + group + "/" + tuningJob + "/model.ubj",
                sha256Of(sameAsJob), 4096, ArtifactFormat.UBJSON, null);
        return completed(group, tuningJob, List.of(sameAsJob), 9.8, Map.of("rmse", 10.0, "mae", 7.0), false,
                artifact);
    }

    static EventEnvelope<TuningCompleted> completed(String group, String tuningJob, List<String> parents,
            double objectiveValue, Map<String, Double> testMetrics, boolean testing, ArtifactRef artifact) {
        String run = UUID.randomUUID().toString();
        return EventEnvelope.of(run, new TuningCompleted(run, group, "reg:squarederror",
                new Lineage("gold", "SELECT price, sqft_living, bedrooms FROM gold.sales WHERE sale_date BETWEEN :start AND :end",
                        Map.of("start", "2025-11-24", "end", "2026-11-23"),
                        new DateWindow(LocalDate.of(2025, 11, 24), LocalDate.of(2026, 11, 23)), "price",
                        List.of("sqft_living", "bedrooms"), splits(group, run)), tuningJob,
                parents, parents.isEmpty() ? WarmStartType.NONE : WarmStartType.TRANSFER_LEARNING,
                TuningStrategy.BAYESIAN, 12, Map.of("eta", 0.1, "max_depth", 6), "validation:rmse", objectiveValue,
                testMetrics, artifact, "3.4.0",
                testing));
    }

    static byte[] bytes(EventEnvelope<?> event) {
        return EventCodec.shared().encode(event);
    }

    static ArtifactRef artifact(String group, String tuningJob) {
        return new ArtifactRef("treeline-training", "models/" + group + "/" + tuningJob + "/model.ubj",
                sha256Of(tuningJob), 4096, ArtifactFormat.UBJSON, null);
    }

    static DatasetSplits splits(String group, String run) {
        return new DatasetSplits(object(group, run, "train", 800), object(group, run, "validation", 100),
                object(group, run, "test", 100));
    }

    private static ObjectRef object(String group, String run, String split, long rows) {
        return new ObjectRef("treeline-training", "datasets/" + group + "/" + run + "/" + split + ".csv",
                sha256Of(run + split), rows * 20, rows, null);
    }

    /** A deterministic, well-formed digest for a name (the registry stores it, it does not fetch the object). */
    static String sha256Of(String name) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
