package dev.treeline.deployer.replica;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import dev.treeline.deployer.endpoint.LoadedModel;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.following.DesiredVersionChanged;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps this replica's loaded models equal to the recorded desired versions. One replica (the one the
 * consumer group gave the partition) copies, records and announces a change; every replica, including
 * that one, follows the table: at once for its own commits, and by polling for the others'. Models that
 * are not loaded need nothing: their first request loads the recorded version.
 */
@ApplicationScoped
public class ReplicaFollower {

    private static final Logger LOG = Logger.getLogger(ReplicaFollower.class);
    private static final long RETRY_FAILED_AFTER_MILLIS = 30_000;

    private final ModelCache cache;
    private final DeploymentStore store;
    /** Version a background swap is loading, per group, so a poll does not start a second one. */
    private final Map<String, Integer> swapping = new ConcurrentHashMap<>();
    /** Version whose swap failed, and when: retried after a pause instead of on every poll. */
    private final Map<String, long[]> failed = new ConcurrentHashMap<>();

    private final Clock clock;

    public ReplicaFollower(ModelCache cache, DeploymentStore store, Clock clock) {
        this.cache = cache;
        this.store = store;
        this.clock = clock;
    }

    void onLocalChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredVersionChanged change) {
        follow(change.modelGroup(), store.desired(change.modelGroup()));
    }

    @Scheduled(every = "${treeline.deployer.replica-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void poll() {
        Map<String, DesiredVersion> desired = store.allDesired().stream()
                .collect(Collectors.toMap(d -> d.modelGroup, Function.identity()));
        for (String group : cache.loadedGroups()) {
            follow(group, Optional.ofNullable(desired.get(group)));
        }
    }

    /** Swaps or drops the group's loaded model when it differs from {@code desired}. */
    public void follow(String group, Optional<DesiredVersion> desired) {
        Optional<LoadedModel> loaded = cache.peek(group);
        if (loaded.isEmpty()) {
            return;
        }
        if (desired.isEmpty()) {
            cache.invalidate(group);
            return;
        }
        int version = desired.get().version;
        if (loaded.get().key().version() == version) {
            return;
        }
        long[] failure = failed.get(group);
        if (failure != null && failure[0] == version
                && clock.millis() - failure[1] < RETRY_FAILED_AFTER_MILLIS) {
            return;
        }
        Integer inFlight = swapping.put(group, version);
        if (inFlight != null && inFlight == version) {
            return;
        }
        cache.swap(group).whenComplete((key, error) -> {
            swapping.remove(group, version);
            if (error != null) {
                failed.put(group, new long[] { version, clock.millis() });
                LOG.warnf("%s v%d could not be loaded; the previous version keeps serving: %s", group, version,
                        error.getMessage());
            } else {
                failed.remove(group);
            }
        });
    }
}
