package dev.treeline.registry.approval;

import static dev.treeline.events.ApprovalStatus.Approved;
import static dev.treeline.events.ApprovalStatus.PendingManualApproval;
import static dev.treeline.events.ApprovalStatus.Rejected;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.support.errors.ConflictException;

/** The approval workflow's table (README "Approval workflow"), without a server. */
class TransitionsTest {

    /** from, to, registered in testing mode, override given, the refusal (null: allowed). */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(PendingManualApproval, Approved, false, false, null),
                Arguments.of(PendingManualApproval, Rejected, false, false, null),
                Arguments.of(PendingManualApproval, PendingManualApproval, false, false,
                        IllegalStatusChangeException.class),
                Arguments.of(Approved, Rejected, false, false, null),
                Arguments.of(Approved, Approved, false, false, IllegalStatusChangeException.class),
                Arguments.of(Approved, PendingManualApproval, false, false, IllegalStatusChangeException.class),
                Arguments.of(Rejected, Approved, false, false, null),
                Arguments.of(Rejected, Rejected, false, false, IllegalStatusChangeException.class),
                Arguments.of(Rejected, PendingManualApproval, false, false, IllegalStatusChangeException.class),
                // testing mode: approval needs the override, rejection does not
                Arguments.of(PendingManualApproval, Approved, true, false, TestingOverrideRequiredException.class),
                Arguments.of(PendingManualApproval, Approved, true, true, null),
                Arguments.of(Rejected, Approved, true, false, TestingOverrideRequiredException.class),
                Arguments.of(Rejected, Approved, true, true, null),
                Arguments.of(PendingManualApproval, Rejected, true, false, null),
                Arguments.of(Approved, Rejected, true, false, null),
                // the override does not open a transition the workflow forbids
                Arguments.of(Approved, Approved, true, true, IllegalStatusChangeException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}, testing={2}, override={3}: {4}")
    @MethodSource("table")
    void decidesEveryChangeOfTheTable(ApprovalStatus from, ApprovalStatus to, boolean testing, boolean override,
                                      Class<? extends ConflictException> refusal) {
        if (refusal == null) {
            assertThatCode(() -> Transitions.check("version 1 of 'g'", from, to, testing, override))
                    .doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> Transitions.check("version 1 of 'g'", from, to, testing, override))
                    .isInstanceOf(refusal).hasMessageStartingWith("version 1 of 'g'");
        }
    }
}
