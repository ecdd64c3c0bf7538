package dev.treeline.dataprep.run;

import java.util.Set;

/** Where a run is: REQUESTED and EXTRACTING are active (at most one per model), READY and FAILED are final. */
public enum RunStatus {
    REQUESTED, EXTRACTING, READY, FAILED;

    public static final Set<RunStatus> ACTIVE = Set.of(REQUESTED, EXTRACTING);

    public boolean active() {
        return ACTIVE.contains(this);
    }
}
