package dev.treeline.dataprep.run;

import java.util.UUID;

/** The outcome of asking for a run: it started, or another run of the model is still active. */
public sealed interface Kickoff {

    record Started(RetrainRun run) implements Kickoff {
    }

    record Blocked(UUID activeRunId, RunStatus activeStatus) implements Kickoff {
    }
}
