package dev.treeline.registry;

import java.util.Map;

import dev.treeline.events.Topics;
import dev.treeline.support.messaging.KafkaChannelsConfigSource;

/** This service's incoming channels and the topics they read (registered as a config source). */
public final class RegistryChannels extends KafkaChannelsConfigSource {

    public RegistryChannels() {
        super(Map.of(
                "tuning", Topics.TUNING,
                "deployments", Topics.DEPLOYMENTS,
                "model-definitions", Topics.MODEL_DEFINITIONS));
    }
}
