package dev.treeline.deployer;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import dev.treeline.events.DeploymentFailed;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDeployed;
import dev.treeline.support.messaging.EventMessages;

/** Tells the registry (and anyone watching) what this account now serves, or why it could not. */
@ApplicationScoped
public class DeploymentEvents {

    private final Emitter<EventEnvelope<?>> emitter;
    private final String source;

    public DeploymentEvents(@Channel("deployments") Emitter<EventEnvelope<?>> emitter, DeployerConfig config) {
        this.emitter = emitter;
        this.source = "/treeline/deployer/" + config.account();
    }

    /** Completes when the broker has acknowledged the record. */
    public CompletionStage<Void> deployed(String runId, ModelDeployed payload) {
        return send(EventEnvelope.of(runId, payload));
    }

    public CompletionStage<Void> failed(String runId, DeploymentFailed payload) {
        return send(EventEnvelope.of(runId, payload));
    }

    private CompletionStage<Void> send(EventEnvelope<?> event) {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        emitter.send(EventMessages.toMessage(event, source).withAck(() -> {
            done.complete(null);
            return done;
        }).withNack(failure -> {
            done.completeExceptionally(failure);
            return done;
        }));
        return done;
    }
}
