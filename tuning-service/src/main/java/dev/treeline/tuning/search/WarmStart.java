package dev.treeline.tuning.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a parent job's trials into something the current job can use. */
public final class WarmStart {

    private WarmStart() {
    }

    /**
     * Adapts parent trials to the current space for IDENTICAL_DATA_AND_ALGORITHM warm start, keeping their order and
     * marking them {@link TrialOrigin#PARENT}.
     * <ul>
     *   <li>A searched parameter missing (or non-numeric) in the parent configuration: the trial is dropped, since
     *       we cannot know where it sat in the new dimension.</li>
     *   <li>A value outside the current bounds (ranges shrank): {@link OutOfRangePolicy#CLIP} moves it to the
     *       nearest bound (integers rounded), {@link OutOfRangePolicy#DROP} drops the trial.</li>
     *   <li>Static parameters take the current space's value and parameters the space no longer has are removed;
     *       neither is modelled by the optimiser.</li>
     * </ul>
     */
    public static List<Trial> prepareParentTrials(List<Trial> parentTrials, SearchSpace space, OutOfRangePolicy policy) {
        if (parentTrials == null || space == null || policy == null) {
            throw new IllegalArgumentException("parentTrials, space and policy must not be null");
        }
        List<Trial> prepared = new ArrayList<>();
        for (Trial trial : parentTrials) {
            Configuration config = trial.config();
            if (!hasAllSearchedParameters(config, space)) {
                continue;
            }
            Configuration clipped = config.clipTo(space);
            if (policy == OutOfRangePolicy.DROP && !inRange(config, space)) {
                continue;
            }
            prepared.add(new Trial(clipped, trial.objective(), TrialOrigin.PARENT));
        }
        return List.copyOf(prepared);
    }

    private static boolean hasAllSearchedParameters(Configuration config, SearchSpace space) {
        for (NumericParameter p : space.numericParameters()) {
            Object v = config.get(p.name());
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return false;
            }
        }
        return true;
    }

    /** In range by value, whatever the numeric type (a parent may have stored 3.0 for an integer). */
    private static boolean inRange(Configuration config, SearchSpace space) {
        for (NumericParameter p : space.numericParameters()) {
            Number v = (Number) config.get(p.name());
            // clipping leaves in-range values unchanged (a fractional value for an integer parameter counts as out)
            if (((Number) p.clip(v)).doubleValue() != v.doubleValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The parent's {@code k} best distinct configurations, best (lowest objective) first, ties in input order. For
     * TRANSFER_LEARNING these are re-evaluated first on the new data, since parent objectives are not comparable.
     */
    public static List<Configuration> bestConfigurations(List<Trial> parentTrials, int k) {
        if (parentTrials == null) {
            throw new IllegalArgumentException("parentTrials must not be null");
        }
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        List<Trial> sorted = new ArrayList<>(parentTrials);
        sorted.sort(Comparator.comparingDouble(Trial::objective));
        Set<Configuration> best = new LinkedHashSet<>();
        for (Trial t : sorted) {
            if (best.size() == k) {
                break;
            }
            best.add(t.config());
        }
        return List.copyOf(best);
    }
}
