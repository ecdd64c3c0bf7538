package dev.treeline.tuning.search;

import java.util.List;
import java.util.Random;

/**
 * Proposes the next configuration to evaluate. Implementations must be deterministic given the history and the
 * random source, and must draw all their randomness from {@code rng} so a seed reproduces a whole run.
 */
public interface Optimizer {

    /**
     * @param history successful observations so far (current and parent trials), objective minimised
     */
    Configuration suggest(List<Trial> history, Random rng);

    String name();
}
