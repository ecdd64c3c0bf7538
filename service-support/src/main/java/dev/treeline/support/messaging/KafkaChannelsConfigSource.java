package dev.treeline.support.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.treeline.events.Topics;

/**
 * Each incoming channel's topic and dead-letter topic, taken from {@link Topics} so that no topic name is
 * written in a properties file. A service subclasses this with its channel → topic map and registers the
 * subclass in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}. Everything the
 * channels share (deserializers, offset reset, dead-letter strategy and serializers, group id) is set once
 * at connector level ({@code mp.messaging.connector.smallrye-kafka.*}) in the service's properties.
 *
 * <p>The ordinal is below application.properties (250), so a deployment may still override a channel's
 * topic, e.g. to share one broker between installations.
 */
public abstract class KafkaChannelsConfigSource implements ConfigSource {

    static final int ORDINAL = 240;

    private final Map<String, String> properties;

    protected KafkaChannelsConfigSource(Map<String, String> topicByChannel) {
        Map<String, String> props = new LinkedHashMap<>();
        topicByChannel.forEach((channel, topic) -> {
            Objects.requireNonNull(topic, "topic of channel " + channel);
            if (!Topics.all().contains(topic)) {
                throw new IllegalArgumentException("channel " + channel + ": '" + topic + "' is not one of " + Topics.all());
            }
            String prefix = "mp.messaging.incoming." + channel + ".";
            props.put(prefix + "topic", topic);
            props.put(prefix + "dead-letter-queue.topic", Topics.deadLetter(topic));
        });
        this.properties = Collections.unmodifiableMap(props);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return getClass().getSimpleName();
    }
}
