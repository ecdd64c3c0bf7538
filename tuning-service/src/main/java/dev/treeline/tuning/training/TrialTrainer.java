package dev.treeline.tuning.training;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.treeline.events.DatasetSchema;
import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.Direction;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains one XGBoost model per configuration on the train split and scores it on the validation split.
 *
 * <p>{@code num_round} in the configuration is the cap; training stops early when the validation metric has not
 * improved for {@code earlyStoppingRounds} rounds (0 disables early stopping). Every trial gets the same XGBoost
 * {@code seed} and {@code nthread}, so a job's seed reproduces it. Thread-safe: concurrent trials take separate
 * matrices from a pool of {@code slots} pairs.
 *
 * <p>With a {@link DatasetSchema} the matrices carry the feature names and types, so categorical features train as
 * categories ({@link CategoricalTraining}: tree method hist unless approx is asked for) and the model holds the
 * names and types; weights and ranking groups come with the splits ({@link CsvMatrix}).
 */
public final class TrialTrainer implements AutoCloseable {

    public static final String NUM_ROUND = "num_round";
    static final String QUANTILE_ALPHA = "quantile_alpha";
    static final double DEFAULT_QUANTILE_ALPHA = 0.5;
    static final String TREE_METHOD = "tree_method";

    private final String objective;
    private final EvalMetric metric;
    /** The definition's objective metric, which keeps a ranking metric's cut-off (ndcg@5); may be null. */
    private final String objectiveMetric;
    private final DatasetSchema schema;
    private final int nthread;
    private final int earlyStoppingRounds;
    private final long seed;
    private final DMatrixPool pool;
    /** XGBoost's {@code num_class} for multi:* objectives, 0 (not set) for every other. */
    private final int numClass;

    /** Scored by the objective's default metric ({@link EvalMetric#forObjective(String)}). */
    public TrialTrainer(CsvMatrix train, CsvMatrix validation, String objective, int nthread, int earlyStoppingRounds,
                        long seed, int slots) {
        this(train, validation, objective, EvalMetric.forObjective(objective), nthread, earlyStoppingRounds, seed,
                slots);
    }

    /**
     * Scored (and early-stopped) by {@code metric}, which must fit the objective ({@link EvalMetric}); a multi-class
     * objective gets its classes from the train and validation labels.
     */
    public TrialTrainer(CsvMatrix train, CsvMatrix validation, String objective, EvalMetric metric, int nthread,
                        int earlyStoppingRounds, long seed, int slots) {
        this(train, validation, objective, metric, LabelCheck.numClasses(train, validation), nthread,
                earlyStoppingRounds, seed, slots);
    }

    /**
     * As above with the number of classes given ({@link LabelCheck#numClasses}: a job derives it from all three
     * splits); ignored unless the objective is multi:*.
     */
    public TrialTrainer(CsvMatrix train, CsvMatrix validation, String objective, EvalMetric metric, int numClass,
                        int nthread, int earlyStoppingRounds, long seed, int slots) {
        this(train, validation, null, objective, metric, null, numClass, nthread, earlyStoppingRounds, seed, slots);
    }

    /**
     * As above for a dataset described by {@code schema} (null: numeric features without names), tuned by
     * {@code objectiveMetric} as the definition names it (null: {@code metric}'s name), which keeps a ranking
     * metric's cut-off.
     */
    public TrialTrainer(CsvMatrix train, CsvMatrix validation, DatasetSchema schema, String objective,
                        EvalMetric metric, String objectiveMetric, int numClass, int nthread,
                        int earlyStoppingRounds, long seed, int slots) {
        if (train.columns() != validation.columns()) {
            throw new CorruptDatasetException("train has " + train.columns() + " features but validation has "
                    + validation.columns());
        }
        if (train.rows() == 0 || validation.rows() == 0) {
            throw new CorruptDatasetException("train and validation splits must not be empty (train "
                    + train.rows() + " rows, validation " + validation.rows() + ")");
        }
        if (nthread < 1 || earlyStoppingRounds < 0) {
            throw new IllegalArgumentException("nthread must be >= 1 and earlyStoppingRounds >= 0");
        }
        if (schema != null && schema.features().size() != train.columns()) {
            throw new CorruptDatasetException("the schema has " + schema.features().size() + " features but the"
                    + " splits have " + train.columns());
        }
        this.objective = objective;
        this.metric = EvalMetric.forObjective(objective, objectiveMetric != null ? objectiveMetric
                : metric.xgboostName());
        this.objectiveMetric = objectiveMetric;
        this.schema = schema;
        this.nthread = nthread;
        this.earlyStoppingRounds = earlyStoppingRounds;
        this.seed = seed;
        this.pool = new DMatrixPool(train, validation, schema, slots);
        this.numClass = objective.startsWith("multi:") ? numClass : 0;
    }

    /** The number of classes trained with (multi:* only), 0 otherwise. */
    public int numClass() {
        return numClass;
    }

    public String objective() {
        return objective;
    }

    public EvalMetric metric() {
        return metric;
    }

    /**
     * Trains and scores one configuration.
     *
     * @throws TrainingFailedException  when XGBoost rejects the parameters or fails natively
     * @throws IllegalArgumentException when {@code num_round} is missing or not a positive integer
     */
    public TrialOutcome train(Configuration config) throws XGBoostError, InterruptedException {
        int cap = numRound(config);
        DMatrixPool.Pair pair = pool.lease();
        Booster booster = null;
        try {
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("validation", pair.validation());
            float[][] history = new float[1][cap];
            booster = XGBoost.train(pair.train(), params(config), cap, watches, history, null, null,
                    earlyStoppingRounds);
            int rounds = booster.getNumBoostedRound();
            // the metric's own direction: the best AUC is the highest, the best loss the lowest
            Direction direction = metric.direction();
            int best = 0;
            for (int i = 1; i < rounds; i++) {
                // a NaN round (rmsle of a prediction <= -1) never wins over a number
                if (Float.isNaN(history[0][best]) || direction.toObjective(history[0][i])
                        < direction.toObjective(history[0][best])) {
                    best = i;
                }
            }
            if (!Float.isFinite(history[0][best])) {
                throw new TrainingFailedException(new XGBoostError("validation " + metric.xgboostName() + " is "
                        + history[0][best] + " in every round (rmsle needs predictions > -1)"));
            }
            return new TrialOutcome(history[0][best], best, rounds);
        } catch (XGBoostError e) {
            throw new TrainingFailedException(e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            pool.release(pair);
        }
    }

    /**
     * Trains the model to ship: the configuration with exactly {@code rounds} rounds on the train split, no early
     * stopping, so the artifact is the best iteration of the trial (same seed, same first rounds).
     */
    public Booster trainFinal(Configuration config, int rounds) throws XGBoostError, InterruptedException {
        return trainFinal(config, rounds, seed);
    }

    /**
     * As {@link #trainFinal(Configuration, int)} with another XGBoost seed: a parent's best configuration retrained
     * with the parent's seed gives the parent's model again.
     */
    public Booster trainFinal(Configuration config, int rounds, long xgboostSeed)
            throws XGBoostError, InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        DMatrixPool.Pair pair = pool.lease();
        try {
            return XGBoost.train(pair.train(), params(config, xgboostSeed), rounds, Map.of(), null, null, null, 0);
        } catch (XGBoostError e) {
            throw new TrainingFailedException(e);
        } finally {
            pool.release(pair);
        }
    }

    /** The XGBoost parameters of a trial: the configuration without num_round, plus what the job fixes. */
    public Map<String, Object> params(Configuration config) {
        return params(config, seed);
    }

    private Map<String, Object> params(Configuration config, long xgboostSeed) {
        Map<String, Object> params = new LinkedHashMap<>();
        config.values().forEach((name, value) -> {
            if (!NUM_ROUND.equals(name)) {
                params.put(name, value);
            }
        });
        params.put("objective", objective);
        if ("reg:quantileerror".equals(objective)) {
            // XGBoost has no default alpha; the median unless the search space or its static parameters set one
            params.putIfAbsent(QUANTILE_ALPHA, DEFAULT_QUANTILE_ALPHA);
        }
        if (schema != null && schema.hasCategoricalFeatures()) {
            // categories need a histogram method: hist unless the definition chose approx (exact is refused)
            Object method = params.get(TREE_METHOD);
            CategoricalTraining.checkTreeMethod(schema, method);
            if (!"approx".equals(method)) {
                params.put(TREE_METHOD, "hist");
            }
        }
        params.put("eval_metric", metric.xgboostEvalMetric(objectiveMetric, params));
        // XGBoost4J's early stopping guesses the direction from the metric's name; say it, so it stops on the
        // direction the best iteration is picked by
        params.put("maximize_evaluation_metrics", String.valueOf(metric.direction() == Direction.MAXIMIZE));
        if (numClass > 0) {
            params.put("num_class", numClass);
        }
        params.put("nthread", nthread);
        params.put("seed", xgboostSeed);
        params.put("verbosity", 1);
        // XGBoost4J prints every round's evaluation to stdout unless this is the string "false"; one log line per
        // trial is enough
        params.put("verbose_eval", "false");
        return params;
    }

    public static int numRound(Configuration config) {
        Object value = config.get(NUM_ROUND);
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1) {
            throw new IllegalArgumentException("num_round must be a positive integer, got " + value);
        }
        return n.intValue();
    }

    @Override
    public void close() {
        pool.close();
    }
}
