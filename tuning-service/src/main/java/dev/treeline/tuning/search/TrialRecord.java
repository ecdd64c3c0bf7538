package dev.treeline.tuning.search;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** One evaluation of a search run, successful (objective) or failed (reason), with its 0-based index. */
public record TrialRecord(int index, Configuration config, OptionalDouble objective, Optional<String> failureReason,
                          Duration duration) {

    public TrialRecord {
        if (config == null || objective == null || failureReason == null || duration == null) {
            throw new IllegalArgumentException("trial record fields must not be null");
        }
        if (objective.isPresent() == failureReason.isPresent()) {
            throw new IllegalArgumentException("a trial record has either an objective or a failure reason");
        }
    }

    public static TrialRecord succeeded(int index, Configuration config, double objective, Duration duration) {
        return new TrialRecord(index, config, OptionalDouble.of(objective), Optional.empty(), duration);
    }

    public static TrialRecord failed(int index, Configuration config, String reason, Duration duration) {
        return new TrialRecord(index, config, OptionalDouble.empty(), Optional.of(reason), duration);
    }

    public boolean succeeded() {
        return objective.isPresent();
    }

    /** The successful evaluation as an observation for the optimiser. */
    public Optional<Trial> toTrial() {
        return succeeded() ? Optional.of(Trial.current(config, objective.getAsDouble())) : Optional.empty();
    }
}
