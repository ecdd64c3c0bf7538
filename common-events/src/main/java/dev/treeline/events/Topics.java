package dev.treeline.events;

import java.util.List;

/**
 * Every Kafka topic Treeline uses, named in one place so producers, consumers and the
 * local broker set-up cannot drift apart.
 */
public final class Topics {

    /** {@link RetrainRequested}: from the scheduler, the REST API and the CLI. */
    public static final String RETRAIN_REQUESTS = "treeline.retrain-requests";
    /** {@link DriftDetected}: published by external monitors. */
    public static final String DRIFT_ALERTS = "treeline.drift-alerts";
    /** {@link DatasetReady}. */
    public static final String DATASETS = "treeline.datasets";
    /** {@link TuningCompleted}. */
    public static final String TUNING = "treeline.tuning";
    /**
     * {@link ModelRegistered}, {@link ModelApproved}, {@link ModelRejected} and {@link ModelGroupChanged} share one topic so
     * that a model group's registry changes reach deployers in the order they happened.
     */
    public static final String MODEL_PACKAGES = "treeline.model-packages";
    /** {@link ModelDeployed} and {@link DeploymentFailed}. */
    public static final String DEPLOYMENTS = "treeline.deployments";
    /** {@link RunFailed}: any stage reports a run it could not finish. */
    public static final String RUN_FAILURES = "treeline.run-failures";

    /**
     * {@link AccessKeysChanged}: the registry's access-key table, for the deployers (and the control-plane
     * endpoint). Every record has the same key, so the topic may be compacted down to the newest snapshot.
     */
    public static final String ACCESS_KEYS = "treeline.access-keys";

    /**
     * {@link ModelDefinitionChanged}: data-prep's applied definition revisions, for the registry. Keyed by model, so
     * the topic may be compacted down to each model's newest revision.
     */
    public static final String MODEL_DEFINITIONS = "treeline.model-definitions";

    /** Suffix of the dead-letter topic that receives records a consumer could not process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    private static final List<String> ALL = List.of(
            RETRAIN_REQUESTS, DRIFT_ALERTS, DATASETS, TUNING, MODEL_PACKAGES, DEPLOYMENTS, RUN_FAILURES, ACCESS_KEYS,
            MODEL_DEFINITIONS);

    private Topics() {
    }

    /** All event topics (without their dead-letter topics), e.g. for creating them at start-up. */
    public static List<String> all() {
        return ALL;
    }

    /** The dead-letter topic for {@code topic}: {@code topic + ".dlq"}. */
    public static String deadLetter(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        return topic + DEAD_LETTER_SUFFIX;
    }
}
