package dev.treeline.deployer.following;

import static dev.treeline.events.ApprovalStatus.Approved;
import static dev.treeline.events.ApprovalStatus.PendingManualApproval;
import static dev.treeline.events.ApprovalStatus.Rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.deployer.DeployerConfig.Policy;
import dev.treeline.deployer.following.DeploymentDecision.Deploy;
import dev.treeline.deployer.following.DeploymentDecision.DropPending;
import dev.treeline.deployer.following.DeploymentDecision.Nothing;
import dev.treeline.deployer.following.DeploymentDecision.RollBack;
import dev.treeline.deployer.following.DeploymentDecision.SchedulePromotion;
import dev.treeline.deployer.following.DeploymentDecision.Undeploy;
import dev.treeline.deployer.following.DeploymentPolicy.Version;
import dev.treeline.events.ApprovalStatus;

/** The deployment decision table, without any server: each row is one situation and what the deployer does. */
class DeploymentPolicyTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration DELAY = Duration.ofHours(1);
    static final OptionalInt NONE = OptionalInt.empty();

    static DeploymentPolicy sandbox() {
        return new DeploymentPolicy(Policy.registered, Duration.ZERO);
    }

    static DeploymentPolicy qa() {
        return new DeploymentPolicy(Policy.approved, Duration.ZERO);
    }

    static DeploymentPolicy prod() {
        return new DeploymentPolicy(Policy.approved, DELAY);
    }

    static Version v(int version, ApprovalStatus status) {
        return new Version(version, status, false, status == Approved ? NOW.minusSeconds(5) : null);
    }

    static Version testing(int version, ApprovalStatus status) {
        return new Version(version, status, true, status == Approved ? NOW.minusSeconds(5) : null);
    }

    static Version approvedAt(int version, Instant at) {
        return new Version(version, Approved, false, at);
    }

    static OptionalInt served(int version) {
        return OptionalInt.of(version);
    }

    static Stream<Arguments> registrations() {
        return Stream.of(
                Arguments.of("sandbox serves a new registration", sandbox(), v(1, PendingManualApproval), NONE,
                        new Deploy(1, "registered by run run-1 (policy registered)")),
                Arguments.of("sandbox serves a registration newer than the served one", sandbox(),
                        v(3, PendingManualApproval), served(2), new Deploy(3, "registered by run run-1 (policy registered)")),
                Arguments.of("sandbox ignores an older or duplicate registration", sandbox(), v(2, PendingManualApproval),
                        served(2), new Nothing("v2 is not newer than the served v2")),
                Arguments.of("sandbox does not serve a registration already rejected", sandbox(), v(3, Rejected), served(2),
                        new Nothing("v3 is Rejected: policy registered serves approved versions only")),
                Arguments.of("sandbox serves a testing registration", sandbox(), testing(1, PendingManualApproval), NONE,
                        new Deploy(1, "registered by run run-1 (policy registered)")),
                Arguments.of("qa does not serve a registration awaiting approval", qa(), v(1, PendingManualApproval), NONE,
                        new Nothing("v1 is PendingManualApproval: policy approved serves approved versions only")),
                Arguments.of("qa serves a registration already approved", qa(), v(1, Approved), NONE,
                        new Deploy(1, "registered as approved")),
                Arguments.of("qa never serves a testing version", qa(), testing(1, Approved), NONE,
                        new Nothing("v1 is marked testing: never served under the approved policy")),
                Arguments.of("prod waits for the delay of a registration approved just now", prod(), v(1, Approved), NONE,
                        new SchedulePromotion(1, NOW.minusSeconds(5), NOW.minusSeconds(5).plus(DELAY),
                                "v1 approved at " + NOW.minusSeconds(5) + " waits for the promotion delay PT1H")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registrations")
    void registration(String situation, DeploymentPolicy policy, Version version, OptionalInt served,
            DeploymentDecision expected) {
        assertThat(policy.registered(version, "run-1", served, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> approvals() {
        Instant old = NOW.minus(Duration.ofHours(2));
        return Stream.of(
                Arguments.of("qa serves an approval at once", qa(), v(1, Approved), NONE, new Deploy(1, "approved by alice")),
                Arguments.of("qa serves an approval newer than the served one", qa(), v(2, Approved), served(1),
                        new Deploy(2, "approved by alice")),
                Arguments.of("a late approval of an older version never moves back", qa(), v(1, Approved), served(2),
                        new Nothing("v1 is not newer than the served v2")),
                Arguments.of("a duplicate approval of the served version changes nothing", qa(), v(2, Approved), served(2),
                        new Nothing("v2 is not newer than the served v2")),
                Arguments.of("qa never serves a testing version", qa(), testing(2, Approved), served(1),
                        new Nothing("v2 is marked testing: never served under the approved policy")),
                Arguments.of("sandbox serves an approved testing version", sandbox(), testing(2, Approved), served(1),
                        new Deploy(2, "approved by alice")),
                Arguments.of("prod keeps a young approval pending until approval + delay", prod(), approvedAt(2, NOW),
                        served(1), new SchedulePromotion(2, NOW, NOW.plus(DELAY),
                                "v2 approved at " + NOW + " waits for the promotion delay PT1H")),
                Arguments.of("prod serves an approval older than the delay at once", prod(), approvedAt(2, old), served(1),
                        new Deploy(2, "approved by alice")),
                Arguments.of("prod serves an approval exactly as old as the delay", prod(), approvedAt(2, NOW.minus(DELAY)),
                        served(1), new Deploy(2, "approved by alice")),
                Arguments.of("an approval without a time counts from now", prod(), approvedAt(2, null), served(1),
                        new SchedulePromotion(2, NOW, NOW.plus(DELAY),
                                "v2 approved at " + NOW + " waits for the promotion delay PT1H")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("approvals")
    void approval(String situation, DeploymentPolicy policy, Version version, OptionalInt served,
            DeploymentDecision expected) {
        assertThat(policy.approved(version, "approved by alice", served, NOW)).isEqualTo(expected);
    }

    static Stream<Arguments> rejections() {
        String why = "v3 rejected by bob: bad";
        return Stream.of(
                Arguments.of("a rejected version that is not served changes nothing", qa(), 3, served(2),
                        List.of(v(2, Approved)), Set.of(), new Nothing("v3 is not served here")),
                Arguments.of("a rejection when nothing is served changes nothing", qa(), 3, NONE, List.of(), Set.of(),
                        new Nothing("v3 is not served here")),
                Arguments.of("the served version rejected rolls back to the newest earlier approved", qa(), 3, served(3),
                        List.of(v(2, Approved), v(1, Approved)), Set.of(), new RollBack(2, why + "; rolled back to v2")),
                Arguments.of("rollback skips rejected and unapproved versions under qa", qa(), 3, served(3),
                        List.of(v(2, Rejected), v(1, PendingManualApproval)), Set.of(),
                        new Undeploy(3, why + "; no earlier [Approved] version to roll back to")),
                Arguments.of("sandbox may roll back to a version awaiting approval", sandbox(), 3, served(3),
                        List.of(v(2, Rejected), v(1, PendingManualApproval)), Set.of(),
                        new RollBack(1, why + "; rolled back to v1")),
                Arguments.of("qa never rolls back to a testing version", qa(), 3, served(3),
                        List.of(testing(2, Approved), v(1, Approved)), Set.of(), new RollBack(1, why + "; rolled back to v1")),
                Arguments.of("a candidate whose artifact could not be copied is skipped", qa(), 3, served(3),
                        List.of(v(2, Approved), v(1, Approved)), Set.of(2), new RollBack(1, why + "; rolled back to v1")),
                Arguments.of("nothing earlier left: stop serving", qa(), 3, served(3), List.of(v(2, Approved)), Set.of(2),
                        new Undeploy(3, why + "; no earlier [Approved] version to roll back to")),
                Arguments.of("sandbox with nothing earlier names both statuses", sandbox(), 3, served(3), List.of(),
                        Set.of(), new Undeploy(3, why + "; no earlier [Approved, PendingManualApproval] version to roll back to")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejection(String situation, DeploymentPolicy policy, int rejected, OptionalInt served, List<Version> earlier,
            Set<Integer> unusable, DeploymentDecision expected) {
        assertThat(policy.rejected(rejected, "bob: bad", served, earlier, unusable)).isEqualTo(expected);
    }

    static Stream<Arguments> promotionTicks() {
        Instant approved = NOW.minus(DELAY).minusSeconds(1);
        Instant due = approved.plus(DELAY);
        String promoted = "approved at " + approved + ", promoted after the promotion delay PT1H";
        return Stream.of(
                Arguments.of("not due yet: nothing", due.plusSeconds(10), Optional.of(v(2, Approved)), served(1),
                        new Nothing("v2 is due at " + due.plusSeconds(10))),
                Arguments.of("due and still approved and newer: served", due, Optional.of(v(2, Approved)), served(1),
                        new Deploy(2, promoted)),
                Arguments.of("due with nothing served: served", due, Optional.of(v(2, Approved)), NONE,
                        new Deploy(2, promoted)),
                Arguments.of("due but rejected meanwhile: dropped", due, Optional.of(v(2, Rejected)), served(1),
                        new DropPending(2, "v2 is no longer approved")),
                Arguments.of("due but unknown: dropped", due, Optional.empty(), served(1),
                        new DropPending(2, "v2 is no longer approved")),
                Arguments.of("due but a newer version is served meanwhile: dropped", due, Optional.of(v(2, Approved)),
                        served(3), new DropPending(2, "v2 is not newer than the served v3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promotionTicks")
    void promotionTick(String situation, Instant dueAt, Optional<Version> version, OptionalInt served,
            DeploymentDecision expected) {
        assertThat(prod().promotionDue(2, NOW.minus(DELAY).minusSeconds(1), dueAt, version, served, NOW))
                .isEqualTo(expected);
    }
}
