package dev.treeline.tuning.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.treeline.tuning.search.Configuration;
import dev.treeline.tuning.search.Direction;
import dev.treeline.tuning.search.Trial;
import dev.treeline.tuning.training.EvalMetric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Picks warm-start parents: the most recent COMPLETED jobs with the same model, layer, objective and eval metric
 * that ran more than one trial and were not testing runs, newest first, at most {@code maxParents}.
 */
@ApplicationScoped
public class ParentSelector {

    @Transactional
    public List<TuningJob> eligibleParents(String model, String layer, String objective, EvalMetric evalMetric,
                                           int maxParents) {
        return eligibleParents(model, layer, objective, evalMetric, null, maxParents);
    }

    /**
     * As above; a ranking metric must also have the same cut-off ({@code ndcg@5} and {@code ndcg@10} share the
     * constant {@link EvalMetric#NDCG} but are different scores), compared on the jobs' objective metrics.
     */
    @Transactional
    public List<TuningJob> eligibleParents(String model, String layer, String objective, EvalMetric evalMetric,
                                           String objectiveMetric, int maxParents) {
        if (maxParents <= 0) {
            return List.of();
        }
        if (evalMetric != null && evalMetric.isRanking()) {
            String wanted = evalMetric.xgboostEvalMetric(objectiveMetric, Map.of());
            return TuningJob.<TuningJob>find("status = ?1 and model = ?2 and layer = ?3 and objective = ?4"
                            + " and evalMetric = ?5 and trainingJobCount > 1 and testing = false"
                            + " order by createdAt desc, name desc",
                            TuningJob.Status.COMPLETED, model, layer, objective, evalMetric)
                    .stream().map(TuningJob.class::cast)
                    .filter(p -> evalMetric.xgboostEvalMetric(p.objectiveMetric, Map.of()).equals(wanted))
                    .limit(maxParents).toList();
        }
        return TuningJob.<TuningJob>find("status = ?1 and model = ?2 and layer = ?3 and objective = ?4"
                        + " and evalMetric = ?5 and trainingJobCount > 1 and testing = false"
                        + " order by createdAt desc, name desc",
                        TuningJob.Status.COMPLETED, model, layer, objective, evalMetric)
                .page(0, maxParents).list();
    }

    /** The parents with their successful trials and their best, in selection order. */
    @Transactional
    public List<ParentJob> withTrials(List<TuningJob> parents) {
        List<ParentJob> out = new ArrayList<>();
        for (TuningJob p : parents) {
            // trials store the metric as reported; the optimisers minimise, so a maximised one goes in negated
            Direction direction = p.evalMetric == null ? Direction.MINIMIZE : p.evalMetric.direction();
            List<Trial> trials = new ArrayList<>();
            for (TuningTrial t : TuningTrial.<TuningTrial>list("jobName = ?1 and status = ?2 order by trialIndex",
                    p.name, TuningTrial.Status.SUCCEEDED)) {
                trials.add(Trial.parent(Configuration.of(t.parameters), direction.toObjective(t.objective)));
            }
            out.add(new ParentJob(p.name, p.datasetHash, trials, best(p)));
        }
        return out;
    }

    /** What a completed parent shipped: its best trial's configuration, rounds and the seed its model was trained with. */
    static Optional<BestCandidate> best(TuningJob p) {
        if (p.evalMetricValue == null || p.bestIteration == null || p.bestTrialIndex == null
                || p.bestHyperparameters == null) {
            return Optional.empty();
        }
        return Optional.of(new BestCandidate(p.bestTrialJob == null ? p.name : p.bestTrialJob, p.bestTrialIndex,
                p.evalMetricValue, p.bestIteration, p.bestHyperparameters,
                p.finalModelSeed == null ? p.seed : p.finalModelSeed, p.name,
                p.artifact == null ? null : p.artifact.sha256));
    }
}
