package dev.treeline.dataprep.run;

import java.util.UUID;

import dev.treeline.events.DriftDetails;
import dev.treeline.events.RetrainReason;

/**
 * Someone or something asks for a run.
 *
 * @param drift          the measurement behind a drift kickoff; null otherwise
 * @param triggerEventId the event that asked (RetrainRequested or DriftDetected); null for REST
 */
public record KickoffRequest(String model, RetrainReason reason, boolean testing, String requestedBy,
        DriftDetails drift, UUID triggerEventId) {
}
