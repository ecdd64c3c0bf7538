package dev.treeline.deployer;

import java.util.Map;

import dev.treeline.events.Topics;
import dev.treeline.support.messaging.KafkaChannelsConfigSource;

/** This service's incoming channels and the topics they read (registered as a config source). */
public final class DeployerChannels extends KafkaChannelsConfigSource {

    public DeployerChannels() {
        super(Map.of(
                "model-packages", Topics.MODEL_PACKAGES,
                "access-keys", Topics.ACCESS_KEYS));
    }
}
