package dev.treeline.tuning.training;

import dev.treeline.events.definition.Objectives;
import dev.treeline.support.errors.InvalidRequestException;

/** An objective this service has no validation metric and test evaluation for. */
public class UnsupportedObjectiveException extends InvalidRequestException {

    public UnsupportedObjectiveException(String objective) {
        super("objective '" + objective + "' is not supported: use one of "
                + String.join(", ", Objectives.all().stream()
                        .map(Objectives.Objective::name)
                        .toList()));
    }

}
