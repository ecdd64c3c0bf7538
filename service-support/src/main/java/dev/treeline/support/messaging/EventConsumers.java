package dev.treeline.support.messaging;

import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * The consumer kit: what every Kafka consumer does around its handler, written once. For each record:
 * decode it (a record that does not decode, or fails validation, is rethrown at once so SmallRye
 * dead-letters it with the reason); then, in a new transaction retried while it fails transiently
 * ({@link ConsumerTransactions}), record the event id for this consumer ({@link IdempotencyGuard}) and run the
 * handler for its type, or ignore a type the consumer does not handle. A redelivered event is skipped
 * because its id is already recorded, in the same transaction as the effect it had.
 *
 * <p>Every outcome is counted in {@code treeline.consumer.events} with tags {@code consumer}, {@code type} and
 * {@code outcome} ({@code handled}, {@code ignored}, {@code duplicate}).
 *
 * <p>Call from a {@code @Blocking} {@code @Incoming} method that is not itself {@code @Transactional}.
 */
@ApplicationScoped
public class EventConsumers {

    /** {@code <service>.<what it consumes>}, e.g. {@code registry.tuning}: how consumers are named in processed_event. */
    public static final Pattern CONSUMER_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*");

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    enum Outcome {
        HANDLED, IGNORED, DUPLICATE
    }

    private final IdempotencyGuard idempotency;
    private final ConsumerTransactions transactions;
    private final MeterRegistry meters;
    private final EventCodec codec = EventCodec.shared();

    public EventConsumers(IdempotencyGuard idempotency, ConsumerTransactions transactions, MeterRegistry meters) {
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * Applies one Kafka record's event once for {@code consumer}.
     *
     * @throws dev.treeline.events.InvalidEventException if the record is not a valid event (dead-lettered)
     * @throws RuntimeException                          what the handler threw, after transient retries
     */
    public void consume(String consumer, byte[] record, EventRoutes routes) {
        consume(consumer, codec.decode(record), routes);
    }

    /**
     * As {@link #consume(String, byte[], EventRoutes)} for a record the consumer has decoded already, e.g. to do
     * I/O that must stay outside the transaction first; decode it with {@link EventCodec#decode(byte[])} so that
     * a bad record is dead-lettered the same way.
     */
    public void consume(String consumer, EventEnvelope<?> event, EventRoutes routes) {
        requireConsumerName(consumer);
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(routes, "routes");
        Outcome outcome = transactions.call(consumer, () -> apply(consumer, event, routes));
        meters.counter("treeline.consumer.events", "consumer", consumer, "type", event.type().wireName(),
                "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
        if (outcome != Outcome.HANDLED) {
            LOG.debugf("%s: %s %s %s", consumer, event.type().wireName(), event.eventId(),
                    outcome == Outcome.IGNORED ? "is not a type it handles, ignored" : "was applied before, skipped");
        }
    }

    private Outcome apply(String consumer, EventEnvelope<?> event, EventRoutes routes) {
        // Recorded for ignored types too, so the table says every event this consumer has seen.
        if (!idempotency.firstDelivery(consumer, event.eventId(), event.type().wireName())) {
            return Outcome.DUPLICATE;
        }
        if (!routes.handles(event.type())) {
            return Outcome.IGNORED;
        }
        routes.dispatch(event);
        return Outcome.HANDLED;
    }

    static void requireConsumerName(String consumer) {
        if (consumer == null || !CONSUMER_NAME.matcher(consumer).matches()) {
            throw new IllegalArgumentException("consumer name '" + consumer + "' must be <service>.<what it consumes>,"
                    + " lower case, e.g. registry.tuning");
        }
    }
}
