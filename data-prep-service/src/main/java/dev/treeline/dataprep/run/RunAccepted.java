package dev.treeline.dataprep.run;

import java.util.UUID;

import dev.treeline.events.RetrainReason;

/** CDI event fired in the transaction that inserted the run; observed after commit to start the work. */
public record RunAccepted(UUID runId, String model, RetrainReason reason) {
}
