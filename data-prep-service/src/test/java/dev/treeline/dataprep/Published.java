package dev.treeline.dataprep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventPayload;
import dev.treeline.events.InvalidEventException;
import dev.treeline.support.testing.TopicReader;

/** What the service published to the real broker, by run id (the envelope's correlation id). */
public final class Published {

    private Published() {
    }

    /** The one event on {@code topic} for the run; fails if there is none or more than one. */
    public static <P extends EventPayload> EventEnvelope<P> only(String topic, String runId, Class<P> payload) {
        List<EventEnvelope<?>> events = all(topic, runId, 1, Duration.ofSeconds(30));
        assertThat(events).as("events on %s for run %s", topic, runId).hasSize(1);
        assertThat(events.get(0).payload()).isInstanceOf(payload);
        @SuppressWarnings("unchecked")
        EventEnvelope<P> event = (EventEnvelope<P>) events.get(0);
        return event;
    }

    public static List<EventEnvelope<?>> all(String topic, String correlationId, int expected, Duration wait) {
        return TopicReader.valuesUntil(topic, v -> decodable(v) && correlationId.equals(EventCodec.shared().decode(v)
                .correlationId()), expected, wait).stream().<EventEnvelope<?>>map(v -> EventCodec.shared().decode(v))
                .toList();
    }

    /**
     * The events on {@code topic} for any of {@code correlationIds}, read until one for {@code until} arrived: a
     * later event standing in for "long enough" when a test shows that something was never published.
     */
    public static List<EventEnvelope<?>> all(String topic, List<String> correlationIds, String until, Duration wait) {
        List<EventEnvelope<?>> seen = new ArrayList<>();
        TopicReader.valuesUntil(topic, v -> {
            if (!decodable(v)) {
                return false;
            }
            EventEnvelope<?> event = EventCodec.shared().decode(v);
            if (correlationIds.contains(event.correlationId())) {
                seen.add(event);
            }
            return until.equals(event.correlationId());
        }, 1, wait);
        assertThat(seen).as("events on %s for %s", topic, until).anyMatch(e -> until.equals(e.correlationId()));
        return seen;
    }

    /** Topics may hold records other tests sent on purpose malformed. */
    public static boolean decodable(byte[] value) {
        try {
            EventCodec.shared().decode(value);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }
}
