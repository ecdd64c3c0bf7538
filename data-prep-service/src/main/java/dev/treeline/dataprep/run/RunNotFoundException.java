package dev.treeline.dataprep.run;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No run has the id asked for. */
public class RunNotFoundException extends ResourceNotFoundException {

    public RunNotFoundException(String id) {
        this(id, "");
    }

    private RunNotFoundException(String id, String why) {
        super("no run with id " + id + why);
    }

    /** The id is not even a UUID, so no run can have it. */
    public static RunNotFoundException notAUuid(String id) {
        return new RunNotFoundException(id, " (run ids are UUIDs)");
    }
}
