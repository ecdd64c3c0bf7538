package dev.treeline.dataprep.run;

import dev.treeline.dataprep.definition.StoredDefinition;
import dev.treeline.support.errors.ConflictException;

/** A run was asked for a retired model (409 over REST; recorded as skipped for events). */
public class RetiredModelException extends ConflictException {

    public RetiredModelException(StoredDefinition retired) {
        super(message(retired));
    }

    public static String message(StoredDefinition retired) {
        return "model '" + retired.name() + "' is retired (revision " + retired.revision() + " by " + retired.appliedBy()
                + " at " + retired.appliedAt() + "); apply its definition again to bring it back";
    }
}
