package dev.treeline.events;

/**
 * The body of an event. Sealed so that {@link EventType} can map every payload class to its
 * type, schema version and topic without a registry that could be forgotten.
 */
public sealed interface EventPayload
        permits RetrainRequested, DriftDetected, DatasetReady, TuningCompleted,
                ModelRegistered, ModelApproved, ModelRejected,
                ModelDeployed, DeploymentFailed, ModelUndeployed, RunFailed, AccessKeysChanged,
                ModelDefinitionChanged, ModelGroupChanged {

    /**
     * The model group the event is about ({@link AccessKeysChanged#SUBJECT} for the access-key table). The envelope's subject (and so the Kafka key) must
     * equal it, otherwise one model's events could land on different partitions and lose order.
     */
    String modelGroup();
}
