package dev.treeline.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventType;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.RunFailed;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;

class EventRoutesTest {

    private static final ArtifactRef ARTIFACT = new ArtifactRef("b", "models/m/j/model.ubj", "a".repeat(64), 10,
            ArtifactFormat.UBJSON, null);

    @Test
    void eachTypeGoesToItsOwnHandlerWithItsPayloadType() {
        List<String> seen = new ArrayList<>();
        EventRoutes routes = EventRoutes.builder()
                .on(ModelRegistered.class, e -> seen.add("registered v" + e.payload().version()))
                .on(ModelApproved.class, e -> seen.add("approved by " + e.payload().by()))
                .build();

        routes.dispatch(EventEnvelope.of("run", new ModelRegistered("m", 3, ApprovalStatus.PendingManualApproval,
                ARTIFACT, Map.of(), "run", "job", false)));
        routes.dispatch(EventEnvelope.of("run", new ModelApproved("m", 3, ARTIFACT, "alice", "ok",
                java.time.Instant.now(), ApprovalStatus.PendingManualApproval)));

        assertThat(seen).containsExactly("registered v3", "approved by alice");
        assertThat(routes.handles(EventType.MODEL_REJECTED)).isFalse();
    }

    @Test
    void allRoutesEveryTypeToOneHandler() {
        List<EventType> seen = new ArrayList<>();
        EventRoutes routes = EventRoutes.all(e -> seen.add(e.type()));

        routes.dispatch(EventEnvelope.of("run", new RunFailed("run", "m", "tuning", "why")));

        assertThat(seen).containsExactly(EventType.RUN_FAILED);
        assertThat(EventType.values()).allMatch(routes::handles);
    }

    @Test
    void twoHandlersForOneTypeAreRefused() {
        assertThatThrownBy(() -> EventRoutes.builder().on(RunFailed.class, e -> { }).on(RunFailed.class, e -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("two handlers for RunFailed");
    }

    @Test
    void aConsumerThatHandlesNothingIsRefused() {
        assertThatThrownBy(() -> EventRoutes.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry.tuning", "data-prep.retrain-requests", "deployer.model-packages"})
    void consumerNamesFollowServiceDotWhat(String name) {
        EventConsumers.requireConsumerName(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry-tuning", "Registry.tuning", "registry.", ".tuning", "registry.tuning.x", ""})
    void otherConsumerNamesAreRefused(String name) {
        assertThatThrownBy(() -> EventConsumers.requireConsumerName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<service>.<what it consumes>");
    }
}
