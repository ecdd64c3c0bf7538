package dev.treeline.support.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells failures that will likely pass on their own (the database restarting, a dropped connection, a
 * deadlock, a serialisation conflict, the pool briefly exhausted) from failures that will happen again
 * with the same input. Consumers retry the first kind before dead-lettering, so a short outage does not
 * turn valid events into manual replays; the second kind goes to the dead-letter topic at once.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isTransientItself(t)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null && seen.add(next);
                        next = next.getNextException()) {
                    if (isTransientItself(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable t) {
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            return isTransientSqlState(sql.getSQLState(), sql.getMessage());
        }
        // Hibernate's translation of SQLState class 08 and lock timeouts; matched by name so that this
        // class needs no Hibernate types.
        String name = t.getClass().getName();
        return name.equals("org.hibernate.exception.JDBCConnectionException")
                || name.equals("org.hibernate.exception.LockAcquisitionException")
                || name.equals("org.hibernate.PessimisticLockException")
                || name.equals("jakarta.persistence.LockTimeoutException")
                || name.equals("jakarta.persistence.PessimisticLockException");
    }

    static boolean isTransientSqlState(String state, String message) {
        if (state == null) {
            // Agroal reports an exhausted pool without a state.
            return message != null && message.contains("acquisition timeout");
        }
        return state.startsWith("08") // connection exception
                || state.equals("40001") // serialization_failure
                || state.equals("40P01") // deadlock_detected
                || state.startsWith("53") // insufficient resources (too many connections, out of memory, disk full)
                || state.equals("55P03") // lock_not_available
                || state.equals("57P01") // admin_shutdown (server restarting, backend terminated)
                || state.equals("57P02") // crash_shutdown
                || state.equals("57P03") // cannot_connect_now (server starting up)
                // object_not_in_prerequisite_state is also used for "database is not currently accepting
                // connections" (maintenance); other 55000 errors are not transient.
                || state.equals("55000") && message != null && message.contains("not currently accepting connections");
    }
}
