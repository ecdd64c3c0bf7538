package dev.treeline.support.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox rows to Kafka in {@code seq} order and marks them sent, in batches. A row is
 * marked only after the broker acknowledged it: a crash between the two re-sends it after restart,
 * which consumers absorb by event id (at-least-once). One relay per database sends at a time (a
 * transaction-scoped advisory lock), so replicas of a service do not interleave one model's events.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: the advisory lock key every relay of one database agrees on. */
    static final long LOCK_KEY = 0x7472_6565_6c6f_7574L;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final String source;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration retention;
    private final Duration sendTimeout;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Consumer<Integer> onPublished = n -> { };
    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;
    private Instant nextCleanup = Instant.EPOCH;

    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, String source, int batchSize,
                       Duration pollInterval, Duration retention, Duration sendTimeout) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.source = source;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.retention = retention;
        this.sendTimeout = sendTimeout;
    }

    public void onPublished(Consumer<Integer> listener) {
        this.onPublished = listener;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called after a local commit wrote a row: send now instead of at the next poll. */
    public void wake() {
        wakeups.release();
    }

    public long publishedCount() {
        return published.get();
    }

    public long failureCount() {
        return failures.get();
    }

    /** Why the last attempt failed, or null after a success. */
    public String lastError() {
        return lastError;
    }

    /**
     * Sends one batch of unsent rows, oldest first, and returns how many were sent; 0 when there was
     * nothing to send or another relay holds the lock.
     */
    public int relayOnce() throws SQLException, Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int sent = relayBatch(connection);
                connection.commit();
                return sent;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private int relayBatch(Connection connection) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select seq, event_id, topic, message_key, event_type, occurred_at, payload from outbox_event"
                        + " where published_at is null order by seq limit ?")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong("seq"));
                    acks.add(producer.send(toRecord(rs)));
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        try (PreparedStatement mark = connection.prepareStatement(
                "update outbox_event set published_at = now() where seq = any(?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
        }
        return seqs.size();
    }

    private ProducerRecord<String, byte[]> toRecord(ResultSet rs) throws SQLException {
        String eventId = rs.getString("event_id");
        String subject = rs.getString("message_key");
        Instant occurredAt = rs.getObject("occurred_at", java.time.OffsetDateTime.class).toInstant();
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, binary mode: the same headers EventMessages writes.
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", eventId);
        header(headers, "ce_type", "dev.treeline." + rs.getString("event_type"));
        header(headers, "ce_source", source);
        header(headers, "ce_subject", subject);
        header(headers, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(occurredAt.atOffset(ZoneOffset.UTC)));
        header(headers, "content-type", "application/json");
        return new ProducerRecord<>(rs.getString("topic"), null, subject,
                rs.getString("payload").getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void loop() {
        long backoffMillis = pollInterval.toMillis();
        while (running) {
            try {
                int sent = relayOnce();
                lastError = null;
                backoffMillis = pollInterval.toMillis();
                if (sent > 0) {
                    published.addAndGet(sent);
                    onPublished.accept(sent);
                }
                cleanUpIfDue();
                if (sent < batchSize) {
                    wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.incrementAndGet();
                lastError = e.toString();
                LOG.warnf("outbox relay could not send (retrying in %d ms): %s", backoffMillis, e);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void cleanUpIfDue() throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(CLEANUP_EVERY);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from outbox_event where published_at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, retention.toSeconds());
            delete.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Rows not sent yet (for readiness and metrics). */
    public long pending() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement count = connection.createStatement();
             ResultSet rs = count.executeQuery("select count(*) from outbox_event where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
