package dev.treeline.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import dev.treeline.events.InvalidEventException;

class TransientFailuresTest {

    @Test
    void connectionLossDeadlockAndSerialisationConflictsAreTransient() {
        assertThat(TransientFailures.isTransient(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("Sorry, acquisition timeout!"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException(
                "FATAL: database \"registry\" is not currently accepting connections", "55000"))).isTrue();
    }

    @Test
    void transientCausesAreFoundThroughWrappersAndChainedSqlExceptions() {
        RuntimeException wrapped = new RuntimeException("commit failed",
                new IllegalStateException("flush", new SQLException("I/O error", "08006")));
        assertThat(TransientFailures.isTransient(wrapped)).isTrue();

        SQLException batch = new SQLException("batch entry 0 failed", "25P02");
        batch.setNextException(new SQLException("deadlock detected", "40P01"));
        assertThat(TransientFailures.isTransient(new RuntimeException(batch))).isTrue();
    }

    @Test
    void failuresThatWouldRepeatWithTheSameInputAreNotTransient() {
        assertThat(TransientFailures.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("currval not yet defined", "55000"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new InvalidEventException("payload.version: must be >= 1"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }

    @Test
    void aSelfReferencingCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(TransientFailures.isTransient(a)).isFalse();
    }
}
