package dev.treeline.tuning.search;

import java.util.List;
import java.util.Random;

/** Ignores the history and samples uniformly in the transformed space; the baseline TPE must beat. */
public final class RandomSearch implements Optimizer {

    private final SearchSpace space;

    public RandomSearch(SearchSpace space) {
        if (space == null) {
            throw new IllegalArgumentException("space must not be null");
        }
        this.space = space;
    }

    @Override
    public Configuration suggest(List<Trial> history, Random rng) {
        return SpaceSampler.sampleUniform(space, rng);
    }

    @Override
    public String name() {
        return "random";
    }
}
