package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One constant per event. Each knows its payload class, the schema version this build writes
 * and reads, and its topic. On the wire the type is the payload's simple class name.
 */
public enum EventType {
    RETRAIN_REQUESTED(RetrainRequested.class, 1, Topics.RETRAIN_REQUESTS),
    DRIFT_DETECTED(DriftDetected.class, 1, Topics.DRIFT_ALERTS),
    DATASET_READY(DatasetReady.class, 3, Topics.DATASETS),
    TUNING_COMPLETED(TuningCompleted.class, 2, Topics.TUNING),
    MODEL_REGISTERED(ModelRegistered.class, 1, Topics.MODEL_PACKAGES),
    MODEL_APPROVED(ModelApproved.class, 1, Topics.MODEL_PACKAGES),
    MODEL_REJECTED(ModelRejected.class, 1, Topics.MODEL_PACKAGES),
    MODEL_DEPLOYED(ModelDeployed.class, 1, Topics.DEPLOYMENTS),
    DEPLOYMENT_FAILED(DeploymentFailed.class, 1, Topics.DEPLOYMENTS),
    MODEL_UNDEPLOYED(ModelUndeployed.class, 1, Topics.DEPLOYMENTS),
    RUN_FAILED(RunFailed.class, 1, Topics.RUN_FAILURES),
    ACCESS_KEYS_CHANGED(AccessKeysChanged.class, 1, Topics.ACCESS_KEYS),
    MODEL_DEFINITION_CHANGED(ModelDefinitionChanged.class, 1, Topics.MODEL_DEFINITIONS),
    MODEL_GROUP_CHANGED(ModelGroupChanged.class, 1, Topics.MODEL_PACKAGES);

    private final Class<? extends EventPayload> payloadClass;
    private final int schemaVersion;
    private final String topic;

    EventType(Class<? extends EventPayload> payloadClass, int schemaVersion, String topic) {
        this.payloadClass = payloadClass;
        this.schemaVersion = schemaVersion;
        this.topic = topic;
    }

    /** The name used in JSON, e.g. {@code "DatasetReady"}. */
    @JsonValue
    public String wireName() {
        return payloadClass.getSimpleName();
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** The schema version this build writes. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * Whether this build can read {@code version}: the current one, and earlier ones that {@link Upcasters}
     * rewrites to it.
     */
    public boolean readsSchemaVersion(int version) {
        return version <= schemaVersion && version >= Upcasters.oldestReadable(this);
    }

    /** The versions this build reads, for messages: "1" or "1 to 2". */
    public String readableVersions() {
        int oldest = Upcasters.oldestReadable(this);
        return oldest == schemaVersion ? Integer.toString(schemaVersion) : oldest + " to " + schemaVersion;
    }

    public String topic() {
        return topic;
    }

    /** The type whose wire name is {@code name}, e.g. {@code "DatasetReady"}. */
    public static Optional<EventType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** The type of a payload class; every payload class has exactly one. */
    public static EventType forPayload(Class<? extends EventPayload> payloadClass) {
        return Arrays.stream(values())
                .filter(t -> t.payloadClass == payloadClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payloadClass));
    }

    /** Comma-separated wire names, for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    @JsonCreator
    static EventType fromJson(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown event type '" + name + "'; this build knows: " + knownNames()));
    }
}
