package dev.treeline.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.DriftSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.events.definition.ServingSection;
import dev.treeline.events.definition.SplitSpec;
import dev.treeline.events.definition.TaskSection;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.events.definition.WindowSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The events the golden JSON files describe, built in Java, plus helpers to load the files. */
final class ExpectedEvents {

    static final String MODEL = "house-prices";
    static final String RUN_ID = "31a446e5-d374-473b-8b6f-a3fd266a6fd6";
    static final String TRAIN_SHA = "18de83145d4d46d928935211d662784cdd88bf4c25be5fb9fcb530b993a0cd7e";
    static final String VALIDATION_SHA = "3e4e6a8f5bda1a950d2d3d11b113b0154b725c284553117799d50b92cd66c0dd";
    static final String TEST_SHA = "5af931362cd568a069491dfe93df832a0c8b5895c229d0443f2c569533fd7bdd";
    static final String SCHEMA_SHA = "b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184";
    static final String MODEL_SHA = "98011857a09c2882feba0e4e57c1cf3672fbd7d7be5f767695e06c486312552e";
    static final String TUNING_JOB = "hp-house-prices-20261124-1021";

    private ExpectedEvents() {
    }

    static EventEnvelope<?> expected(EventType type) {
        return switch (type) {
            case RETRAIN_REQUESTED -> envelope("239b5903-31d7-4a3b-a9e4-714b12846d38", type,
                    "2026-11-24T10:15:30.123Z", RUN_ID,
                    new RetrainRequested(MODEL, RetrainReason.DRIFT, false, "evidently-monitor",
                            new DriftDetails("psi", 0.31, 0.2, "sqft_living", "evidently-monitor")));
            case DRIFT_DETECTED -> envelope("41e97752-518c-4381-9332-b6ca6eed8857", type,
                    "2026-11-24T10:14:02.457Z", "e2b46747-9aea-424d-aacc-b5f7bab8e916",
                    new DriftDetected(MODEL, "psi", 0.31, 0.2, "sqft_living", "evidently-monitor"));
            case DATASET_READY -> envelope("9fe77981-bb6a-4e7c-a3bb-40d04daed116", type,
                    "2026-11-24T10:21:47.908Z", RUN_ID, datasetReady());
            case TUNING_COMPLETED -> envelope("01ee7a10-27db-46b8-8027-ee3ae7b01010", type,
                    "2026-11-24T11:02:13.500Z", RUN_ID, tuningCompleted());
            case MODEL_REGISTERED -> envelope("547f2cf2-778b-427c-b2ae-91b56d61e65d", type,
                    "2026-11-24T11:02:15.021Z", RUN_ID,
                    new ModelRegistered(MODEL, 7, ApprovalStatus.PendingManualApproval, modelArtifact(),
                            testMetrics(), RUN_ID, TUNING_JOB, false));
            case MODEL_APPROVED -> envelope("9f798654-d645-4853-b612-d92eb0b66e84", type,
                    "2026-11-24T13:40:00.312Z", RUN_ID,
                    new ModelApproved(MODEL, 7, modelArtifact(), "alice@example.com",
                            "test rmse 24890.12 beats production version 6 (26102.55)",
                            Instant.parse("2026-11-24T13:40:00.250Z"), ApprovalStatus.PendingManualApproval));
            case MODEL_REJECTED -> envelope("fd907483-30b3-4a10-bafe-5d4963e7d04e", type,
                    "2026-12-01T10:05:41.777Z", "a47f2671-55a0-4e23-bc88-b7e45e2160ef",
                    new ModelRejected(MODEL, 8,
                            new ArtifactRef("treeline-models",
                                    "models/house-prices/hp-house-prices-20261201-0930/model.json",
                                    "522dade44c60b0fc5395bb48d961a883207694b1dd8870a13530d2afc8996318",
                                    1290761, ArtifactFormat.JSON, "Rb3V0x2tNQ7o4tWv8yWZJ0Dk7o5zq1cE"),
                            "bob@example.com", "r2 on the test split dropped to 0.79",
                            Instant.parse("2026-12-01T10:05:41.690Z"), ApprovalStatus.PendingManualApproval));
            case MODEL_DEPLOYED -> envelope("3e023631-4419-4a7a-8369-d709205495e4", type,
                    "2026-11-24T13:47:09.604Z", RUN_ID,
                    new ModelDeployed("prod-eu-west-1", "house-prices-prod", MODEL, 7, MODEL_SHA,
                            Instant.parse("2026-11-24T13:47:09.598Z"), DeploymentAction.PROMOTED,
                            "approved by alice@example.com"));
            case MODEL_UNDEPLOYED -> envelope("6b0f4a52-93c1-4d0e-8a47-1f2e3d4c5b6a", type,
                    "2026-12-01T10:05:44.120Z", "a47f2671-55a0-4e23-bc88-b7e45e2160ef",
                    new ModelUndeployed("prod-eu-west-1", "house-prices-prod", MODEL, 8,
                            Instant.parse("2026-12-01T10:05:44.101Z"),
                            "version 8 was rejected and no earlier approved version is left"));
            case DEPLOYMENT_FAILED -> envelope("ff4c9cf1-9683-43da-82ef-b6e3f855d512", type,
                    "2026-11-24T13:52:30.010Z", RUN_ID,
                    new DeploymentFailed("staging-eu-west-1", "house-prices-staging", MODEL, 7, MODEL_SHA,
                            Instant.parse("2026-11-24T13:52:29.981Z"),
                            "endpoint update did not become InService within 600 s"));
            case RUN_FAILED -> envelope("c5a1d0e2-7b3f-4e19-8d64-2f0a9b8c7e51", type,
                    "2026-12-08T09:58:12.345Z", "d81c2f4b-0a6e-4c3d-9f57-6b2e1a0c9d84",
                    new RunFailed("d81c2f4b-0a6e-4c3d-9f57-6b2e1a0c9d84", MODEL, "tuning",
                            "tuning job hp-house-prices-20261208-0930 failed: ResourceLimitExceeded"));
            case ACCESS_KEYS_CHANGED -> envelope("7d3e9b10-4c2a-4f7e-9a61-0b5c8d2e4f13", type,
                    "2026-12-02T08:30:00.250Z", "7d3e9b10-4c2a-4f7e-9a61-0b5c8d2e4f13",
                    new AccessKeysChanged(42, Instant.parse("2026-12-02T08:30:00.200Z"), List.of(
                            new AccessKeysChanged.Entry("TLAKQ4VXN2M7P3RS8TUW", "batch-scorer",
                                    AccessKeysChanged.Status.ACTIVE, java.util.Set.of("invoker"),
                                    "q9Xb2mF0c3VjcmV0LWNpcGhlcnRleHQtbm90LWEtcmVhbC1vbmU=",
                                    Instant.parse("2026-12-01T17:02:11.004Z"), null),
                            new AccessKeysChanged.Entry("TLAKA1B2C3D4E5F6G7H8", "batch-scorer",
                                    AccessKeysChanged.Status.REVOKED, java.util.Set.of("invoker"),
                                    "Zm9vYmFyLW9sZC1rZXktY2lwaGVydGV4dC1ub3QtYS1yZWFsLW9uZQ==",
                                    Instant.parse("2026-11-02T09:00:00.417Z"),
                                    Instant.parse("2026-12-01T17:05:40.512Z")))));
            case MODEL_DEFINITION_CHANGED -> envelope(DEFINITION_EVENT, type, "2026-12-02T09:12:40.118Z",
                    DEFINITION_EVENT, new ModelDefinitionChanged(MODEL, 4, ModelDefinitions.contentHash(modelDefinition()),
                            modelDefinition(), "folder", "house-prices.yaml", "folder",
                            Instant.parse("2026-12-02T09:12:40.101Z"), false));
            case MODEL_GROUP_CHANGED -> envelope("a3f09c2d-61b7-4e85-8d2a-7c4e1f0b9a36", type,
                    "2026-12-02T09:12:41.530Z", DEFINITION_EVENT,
                    new ModelGroupChanged(MODEL, "Sale price of a house, from its size and rooms", "pricing-team",
                            List.of("demo", "regression"), new ServingSection(true), 4, false,
                            Instant.parse("2026-12-02T09:12:41.512Z")));
        };
    }

    static DatasetReady datasetReady() {
        Map<String, Object> queryParameters = new LinkedHashMap<>();
        queryParameters.put("end", "2026-11-23");
        queryParameters.put("start", "2025-11-24");
        return new DatasetReady(RUN_ID, MODEL, "reg:squarederror", "rmse", tuningSection(), 4, new Lineage("gold",
                "SELECT sale_price, sqft_living, bedrooms, bathrooms, year_built, zip_code FROM gold.house_sales"
                        + " WHERE sale_date BETWEEN :start AND :end",
                queryParameters, new DateWindow(LocalDate.parse("2025-11-24"), LocalDate.parse("2026-11-23")),
                "sale_price", List.of("sqft_living", "bedrooms", "bathrooms", "year_built", "zip_code"), splits()),
                false);
    }

    /** The tuning section of the golden DatasetReady (and ModelDefinitionChanged). */
    static TuningSection tuningSection() {
        Map<String, TuningSection.RangeSpec> ranges = new LinkedHashMap<>();
        ranges.put("num_round", new TuningSection.RangeSpec(10, 400, TuningSection.Scale.LINEAR, true));
        ranges.put("eta", new TuningSection.RangeSpec(0.01, 0.3, TuningSection.Scale.LOG, false));
        return new TuningSection(TuningStrategy.BAYESIAN, 20, 2, 10, 1, 3, TuningSection.OutOfRangePolicy.CLIP, 42L,
                ranges, Map.of("tree_method", "hist"));
    }

    /** The golden DatasetReady as a version-1 or -2 producer wrote it, upcast: every tuning default, revision 0. */
    static DatasetReady datasetReadyUpcast() {
        DatasetReady d = datasetReady();
        return new DatasetReady(d.runId(), d.model(), d.objective(), "rmse", TuningSection.defaults(), 0,
                withoutSchema(d.lineage()), d.testing());
    }

    /** Events from before {@link DatasetSchema} name no schema file. */
    static Lineage withoutSchema(Lineage l) {
        DatasetSplits s = l.splits();
        return new Lineage(l.layer(), l.query(), l.queryParameters(), l.window(), l.labelColumn(), l.featureNames(),
                new DatasetSplits(s.train(), s.validation(), s.test()));
    }

    static ModelDefinition modelDefinition() {
        return new ModelDefinition(MODEL, "Sale price of a house, from its size and rooms", "pricing-team",
                List.of("demo", "regression"),
                new DataSection("gold", "select id, sale_price, sqft_living, bedrooms from gold.house_sales"
                        + " where sale_date between :dateStart and :dateEnd",
                        new WindowSpec(LocalDate.parse("2024-01-01"), 30), "sale_price", "id",
                        new SplitSpec(0.7, 0.15, 0.15), List.of("sqft_living", "bedrooms"), List.of(),
                        Duration.ofMinutes(10)),
                new TaskSection("reg:squarederror", "rmse"), tuningSection(), "0 0 3 * * ?",
                new DriftSection(0.2, Duration.ofHours(6)), new ServingSection(true));
    }

    static TuningCompleted tuningCompleted() {
        DatasetReady dataset = datasetReady();
        return new TuningCompleted(RUN_ID, MODEL, dataset.objective(), dataset.lineage(), TUNING_JOB,
                List.of("hp-house-prices-20261117-0930"),
                WarmStartType.TRANSFER_LEARNING, TuningStrategy.BAYESIAN, 20,
                Map.of("eta", 0.1, "max_depth", 6, "min_child_weight", 3, "num_round", 400, "subsample", 0.8),
                "validation:rmse", 24513.77, testMetrics(), modelArtifact(), "3.0.5", false);
    }

    static final String DEFINITION_EVENT = "5d2c7a1e-8f34-4b6a-9c01-3e7f2a9b4d58";

    static DatasetSplits splits() {
        String prefix = "datasets/house-prices/" + RUN_ID + "/";
        return new DatasetSplits(
                new ObjectRef("treeline-datasets", prefix + "train.csv", TRAIN_SHA, 1843200, 16000L,
                        "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
                new ObjectRef("treeline-datasets", prefix + "validation.csv", VALIDATION_SHA, 230400, 2000L, null),
                new ObjectRef("treeline-datasets", prefix + "test.csv", TEST_SHA, 230912, 2000L, null),
                new ObjectRef("treeline-datasets", prefix + "schema.json", SCHEMA_SHA, 412, null, null));
    }

    static ArtifactRef modelArtifact() {
        return new ArtifactRef("treeline-models", "models/house-prices/" + TUNING_JOB + "/model.ubj",
                MODEL_SHA, 734208, ArtifactFormat.UBJSON, null);
    }

    static Map<String, Double> testMetrics() {
        return Map.of("mae", 17120.4, "r2", 0.871, "rmse", 24890.12);
    }

    static <P extends EventPayload> EventEnvelope<P> envelope(String eventId, EventType type, String occurredAt,
                                                              String correlationId, P payload) {
        return new EventEnvelope<>(UUID.fromString(eventId), type, type.schemaVersion(), Instant.parse(occurredAt), correlationId,
                payload.modelGroup(), payload);
    }

    static byte[] golden(EventType type) {
        return resource("/golden/" + type.wireName() + ".json");
    }

    /** The golden file of an earlier schema version, e.g. {@code golden/v1/DatasetReady.json}. */
    static byte[] golden(EventType type, int schemaVersion) {
        return resource("/golden/v" + schemaVersion + "/" + type.wireName() + ".json");
    }

    private static byte[] resource(String resource) {
        try (InputStream in = ExpectedEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
