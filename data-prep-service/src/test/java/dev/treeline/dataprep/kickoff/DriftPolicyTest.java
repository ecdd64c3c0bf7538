package dev.treeline.dataprep.kickoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.dataprep.kickoff.DriftDecision.Outcome;
import dev.treeline.dataprep.run.RunStatus;
import dev.treeline.events.DriftDetected;

/** Every drift decision as a line of a table: no server, no broker, no clock. */
class DriftPolicyTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final UUID LAST_RUN = UUID.fromString("00000000-0000-0000-0000-00000000a11e");
    static final Optional<DriftPolicy.Rule> RULE = Optional.of(new DriftPolicy.Rule(0.3, Duration.ofSeconds(4)));

    /**
     * @param lastRunAge how long before now the model's last run was requested; null if it never ran
     */
    record Case(String name, Optional<DriftPolicy.Rule> rule, double value, Duration lastRunAge, RunStatus lastStatus,
            Outcome outcome, String why) {

        Optional<DriftPolicy.LastRun> lastRun() {
            return lastRunAge == null ? Optional.empty()
                    : Optional.of(new DriftPolicy.LastRun(LAST_RUN, lastStatus, NOW.minus(lastRunAge)));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String started(double value) {
        return "psi " + value + " reached the spec's threshold 0.3 and the last run is older than the cooldown of PT4S";
    }

    static String cooling(RunStatus status, Duration age) {
        Instant requested = NOW.minus(age);
        return "within the cooldown of PT4S: the last run " + LAST_RUN + " (" + status + ") was requested at "
                + requested + "; drift can start a run again after " + requested.plusSeconds(4);
    }

    static Stream<Case> cases() {
        Duration s1 = Duration.ofSeconds(1);
        Duration s4 = Duration.ofSeconds(4);
        Duration s10 = Duration.ofSeconds(10);
        return Stream.of(
                new Case("model without a definition", Optional.empty(), 0.9, null, null, Outcome.IGNORED,
                        "no model named 'drift-demo' is defined"),
                new Case("value not a number", RULE, Double.NaN, null, null, Outcome.IGNORED,
                        "the value is not a number"),
                new Case("below the threshold", RULE, 0.1, null, null, Outcome.IGNORED,
                        "psi 0.1 is below the spec's threshold 0.3"),
                new Case("below the threshold, model never ran", RULE, 0.29, s10, RunStatus.READY, Outcome.IGNORED,
                        "psi 0.29 is below the spec's threshold 0.3"),
                new Case("at the threshold, model never ran", RULE, 0.3, null, null, Outcome.STARTED, started(0.3)),
                new Case("above, last run older than the cooldown", RULE, 0.5, s10, RunStatus.READY, Outcome.STARTED,
                        started(0.5)),
                new Case("above, last run exactly one cooldown ago", RULE, 0.5, s4, RunStatus.FAILED,
                        Outcome.STARTED, started(0.5)),
                new Case("above, last run failed within the cooldown", RULE, 0.9, s1, RunStatus.FAILED,
                        Outcome.IGNORED, cooling(RunStatus.FAILED, s1)),
                new Case("above, last run ready within the cooldown", RULE, 0.9, s1, RunStatus.READY,
                        Outcome.IGNORED, cooling(RunStatus.READY, s1)),
                new Case("above, active run within the cooldown: the cooldown says why", RULE, 0.9, s1,
                        RunStatus.REQUESTED, Outcome.IGNORED, cooling(RunStatus.REQUESTED, s1)),
                new Case("above, active run older than the cooldown", RULE, 0.9, s10, RunStatus.EXTRACTING,
                        Outcome.IGNORED, "run " + LAST_RUN + " of this model is EXTRACTING"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        DriftDetected alert = new DriftDetected("drift-demo", "psi", c.value(), 0.25, "size_m2", "monitor-7");

        DriftPolicy.Verdict verdict = DriftPolicy.decide(alert, c.rule(), c.lastRun(), NOW);

        assertThat(verdict.outcome()).isEqualTo(c.outcome());
        assertThat(verdict.why()).isEqualTo(c.why());
        assertThat(verdict.specThreshold()).isEqualTo(c.rule().isPresent() ? 0.3 : null);
        assertThat(verdict.startsRun()).isEqualTo(c.outcome() == Outcome.STARTED);
    }

    @Test
    void aRunThatStartedMeanwhileBlocksTheKickoffNamingIt() {
        DriftPolicy.Verdict verdict = DriftPolicy.blocked(0.3, LAST_RUN, RunStatus.REQUESTED);
        assertThat(verdict.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(verdict.why()).isEqualTo("run " + LAST_RUN + " of this model is REQUESTED");
    }
}
