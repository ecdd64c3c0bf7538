package dev.treeline.dataprep;

import java.util.Map;

import dev.treeline.events.Topics;
import dev.treeline.support.messaging.KafkaChannelsConfigSource;

/** This service's incoming channels and the topics they read (registered as a config source). */
public final class DataPrepChannels extends KafkaChannelsConfigSource {

    public DataPrepChannels() {
        super(Map.of(
                "retrain-requests", Topics.RETRAIN_REQUESTS,
                "drift-alerts", Topics.DRIFT_ALERTS,
                "timeline-tuning", Topics.TUNING,
                "timeline-model-packages", Topics.MODEL_PACKAGES,
                "timeline-deployments", Topics.DEPLOYMENTS,
                "run-failures", Topics.RUN_FAILURES));
    }
}
