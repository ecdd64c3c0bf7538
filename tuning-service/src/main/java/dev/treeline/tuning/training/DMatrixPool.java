package dev.treeline.tuning.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Native train/validation matrices, one pair per concurrently running trial. Building a DMatrix costs real time
 * (about 0.2 s per 100k rows), so pairs are built lazily and reused by later trials; they are never shared by two
 * trainings at once because XGBoost caches per-matrix state (quantile sketches) while it trains.
 */
final class DMatrixPool implements AutoCloseable {

    /** A train matrix with its validation matrix. */
    record Pair(DMatrix train, DMatrix validation) {
    }

    private final CsvMatrix train;
    private final CsvMatrix validation;
    private final DatasetSchema schema;
    private final int capacity;
    private final Deque<Pair> idle = new ArrayDeque<>();
    private final List<Pair> all = new ArrayList<>();
    private boolean closed;

    DMatrixPool(CsvMatrix train, CsvMatrix validation, DatasetSchema schema, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.train = train;
        this.validation = validation;
        this.schema = schema;
        this.capacity = capacity;
    }

    synchronized Pair lease() throws XGBoostError, InterruptedException {
        while (true) {
            if (closed) {
                throw new IllegalStateException("matrix pool is closed");
            }
            if (!idle.isEmpty()) {
                return idle.pop();
            }
            if (all.size() < capacity) {
                Pair pair = new Pair(toDMatrix(train, schema), toDMatrix(validation, schema));
                all.add(pair);
                return pair;
            }
            wait();
        }
    }

    synchronized void release(Pair pair) {
        idle.push(pair);
        notifyAll();
    }

    /**
     * The native matrix of a split: labels, weights (per group for ranking, per row otherwise), query groups (the
     * split sorted by group), and with a schema the feature names and types ({@code c} makes XGBoost split a
     * categorical feature by category sets instead of thresholds on its codes).
     */
    static DMatrix toDMatrix(CsvMatrix m, DatasetSchema schema) throws XGBoostError {
        DMatrix d = new DMatrix(m.features(), m.rows(), m.columns(), Float.NaN);
        try {
            d.setLabel(m.labels());
            if (m.groups() != null) {
                d.setGroup(m.groupSizes());
            }
            if (m.weights() != null) {
                d.setWeight(m.groups() != null ? m.groupWeights("split") : m.weights());
            }
            if (schema != null) {
                d.setFeatureNames(schema.featureNames().toArray(String[]::new));
                d.setFeatureTypes(schema.xgboostFeatureTypes());
            }
            return d;
        } catch (XGBoostError | RuntimeException e) {
            d.dispose();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Pair p : all) {
            p.train().dispose();
            p.validation().dispose();
        }
        all.clear();
        idle.clear();
        notifyAll();
    }
}
