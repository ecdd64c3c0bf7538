package dev.treeline.dataprep.kickoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.treeline.dataprep.run.RunStatus;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.definition.DriftSection;

/**
 * Whether a drift alert starts a run, as a pure function of the alert, the model's drift rule, its last run and
 * the time: an alert starts a run when its value is a number at or above the spec's threshold, the model's last
 * run (any outcome) was requested longer ago than the cooldown, and that run is no longer active.
 * {@link DriftAlertConsumer} reads the inputs, asks for the run and records the verdict.
 */
public final class DriftPolicy {

    private DriftPolicy() {
    }

    /** The definition's drift settings. */
    public record Rule(double threshold, Duration cooldown) {

        static Rule of(DriftSection drift) {
            return new Rule(drift.threshold(), drift.cooldown());
        }
    }

    /** The model's most recent run, of any status. */
    public record LastRun(UUID id, RunStatus status, Instant requestedAt) {
    }

    /** @param specThreshold the threshold that decided; null when the model has no active definition */
    public record Verdict(DriftDecision.Outcome outcome, Double specThreshold, String why) {

        public boolean startsRun() {
            return outcome == DriftDecision.Outcome.STARTED;
        }
    }

    /**
     * @param rule the model's drift rule; empty when the model is not defined or retired
     * @param last the model's last run; empty when it never ran
     */
    public static Verdict decide(DriftDetected alert, Optional<Rule> rule, Optional<LastRun> last, Instant now) {
        return decide(alert, rule, last, now, "no model named '" + alert.model() + "' is defined");
    }

    /** @param whyNoRule why there is no rule, when {@code rule} is empty (not defined, or retired) */
    public static Verdict decide(DriftDetected alert, Optional<Rule> rule, Optional<LastRun> last, Instant now,
            String whyNoRule) {
        if (rule.isEmpty()) {
            return ignored(null, whyNoRule);
        }
        double threshold = rule.get().threshold();
        if (Double.isNaN(alert.value())) {
            return ignored(threshold, "the value is not a number");
        }
        if (alert.value() < threshold) {
            return ignored(threshold, alert.metric() + " " + alert.value() + " is below the spec's threshold "
                    + threshold);
        }
        Duration cooldown = rule.get().cooldown();
        if (last.isPresent()) {
            LastRun run = last.get();
            Instant coolsDownAt = run.requestedAt().plus(cooldown);
            if (coolsDownAt.isAfter(now)) {
                return ignored(threshold, "within the cooldown of " + cooldown + ": the last run " + run.id() + " ("
                        + run.status() + ") was requested at " + run.requestedAt()
                        + "; drift can start a run again after " + coolsDownAt);
            }
            if (run.status().active()) {
                return blocked(threshold, run.id(), run.status());
            }
        }
        return new Verdict(DriftDecision.Outcome.STARTED, threshold, alert.metric() + " " + alert.value()
                + " reached the spec's threshold " + threshold + " and the last run is older than the cooldown of "
                + cooldown);
    }

    /** The run could not start because another run of the model is active. */
    public static Verdict blocked(Double specThreshold, UUID activeRunId, RunStatus activeStatus) {
        return ignored(specThreshold, "run " + activeRunId + " of this model is " + activeStatus);
    }

    private static Verdict ignored(Double specThreshold, String why) {
        return new Verdict(DriftDecision.Outcome.IGNORED, specThreshold, why);
    }
}
