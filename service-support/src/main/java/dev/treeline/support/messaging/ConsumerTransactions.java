package dev.treeline.support.messaging;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Runs a consumer's handling of one event in its own transaction and retries it, with exponential backoff,
 * while it fails transiently ({@link TransientFailures}); a non-transient failure, or a transient one that
 * outlasts the retries, is rethrown so that SmallRye dead-letters the event with the reason.
 *
 * <p>Use from a {@code @Blocking} {@code @Incoming} method that is not itself {@code @Transactional}: each
 * attempt needs a fresh transaction (a failed one is rolled back, with the idempotency record it wrote).
 */
@ApplicationScoped
public class ConsumerTransactions {

    private static final Logger LOG = Logger.getLogger(ConsumerTransactions.class);

    private final ConsumerRetryConfig config;
    private final MeterRegistry meters;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    public ConsumerTransactions(ConsumerRetryConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** Runs {@code work} in a new transaction, retrying transient failures; {@code consumer} names it in logs and metrics. */
    public void run(String consumer, Runnable work) {
        call(consumer, () -> {
            work.run();
            return null;
        });
    }

    /** As {@link #run}, returning what the last, committed attempt returned. */
    @SuppressWarnings("unchecked")
    public <T> T call(String consumer, java.util.concurrent.Callable<T> work) {
        return (T) guards.computeIfAbsent(consumer, this::guardFor).get(
                () -> QuarkusTransaction.requiringNew().call(work), Object.class);
    }

    private Guard guardFor(String consumer) {
        var retries = meters.counter("treeline.consumer.retries", "consumer", consumer);
        return Guard.create().withDescription("consumer " + consumer)
                .withRetry().maxRetries(config.maxRetries())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(10, ChronoUnit.MINUTES) // bounded by max-retries; the 3-minute default is not the limit we mean
                .whenException(TransientFailures::isTransient)
                .beforeRetry(failure -> {
                    retries.increment();
                    LOG.warnf("%s: transient failure, retrying: %s", consumer, rootMessage(failure));
                })
                .withExponentialBackoff().factor(2).maxDelay(config.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done().build();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t) : t + " (cause: " + root + ")";
    }
}
