package dev.treeline.tuning;

import java.util.Map;

import dev.treeline.events.Topics;
import dev.treeline.support.messaging.KafkaChannelsConfigSource;

/** This service's incoming channels and the topics they read (registered as a config source). */
public final class TuningChannels extends KafkaChannelsConfigSource {

    public TuningChannels() {
        super(Map.of(
                "datasets", Topics.DATASETS));
    }
}
