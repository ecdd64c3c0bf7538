package dev.treeline.tuning.training;

import dev.treeline.events.definition.Objectives;
import dev.treeline.support.errors.InvalidRequestException;

/** An objective this service has no validation metric and test evaluation for. */
public class UnsupportedObjectiveException extends InvalidRequestException {

    public UnsupportedObjectiveException(String objective) {
        super("objective '" + objective + "' is not supported: use one of "
                + String.join(", ", Objectives.all().stream()
                        .filter(o -> o.family() != Objectives.Family.RANKING).map(Objectives.Objective::name)
                        .toList()));
    }

    private UnsupportedObjectiveException(String objective, boolean ranking) {
        super("objective '" + objective + "' is not supported yet: ranking needs query groups, which datasets do"
                + " not carry yet");
    }

    /** A rank:* objective: known to the table, but it needs query groups. */
    static UnsupportedObjectiveException ranking(String objective) {
        return new UnsupportedObjectiveException(objective, true);
    }
}
