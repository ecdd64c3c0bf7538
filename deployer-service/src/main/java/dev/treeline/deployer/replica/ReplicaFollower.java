package dev.treeline.deployer.replica;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import dev.treeline.deployer.following.ServingChanged;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps this replica's loaded models equal to the recorded desired versions. One replica (the one the
 * consumer group gave the partition) copies, records and announces a change; every replica, including
 * that one, follows the table: at once for its own commits, and by polling for the others'. Models that
 * are not loaded need nothing: their first request loads the recorded version, unless their serving settings say
 * {@code preload}: then each newly served version (promotion, approval, rollback, manual add, or a model whose
 * settings turned preload on) is loaded here as soon as this replica sees it, once per version (a preloaded model
 * evicted later for memory is loaded again by its next request, as any other).
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
    /** Version preloaded last, per group: preloaded once, not again after an eviction. */
    private final Map<String, Integer> preloaded = new ConcurrentHashMap<>();

    private final Clock clock;

    public ReplicaFollower(ModelCache cache, DeploymentStore store, Clock clock) {
        this.cache = cache;
        this.store = store;
        this.clock = clock;
    }

    void onLocalChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredVersionChanged change) {
        followOne(change.modelGroup());
    }

    void onServingChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ServingChanged change) {
        followOne(change.modelGroup());
    }

    @Scheduled(every = "${treeline.deployer.replica-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void poll() {
        Map<String, DesiredVersion> desired = store.allDesired().stream()
                .collect(Collectors.toMap(d -> d.modelGroup, Function.identity()));
        Set<String> preload = store.preloadGroups();
        Set<String> groups = new HashSet<>(cache.loadedGroups());
        preload.stream().filter(desired::containsKey).forEach(groups::add);
        for (String group : groups) {
            follow(group, Optional.ofNullable(desired.get(group)), preload.contains(group));
        }
    }

    private void followOne(String group) {
        follow(group, store.desired(group), store.serving(group).map(s -> s.preload).orElse(false));
    }

    /**
     * Swaps or drops the group's loaded model when it differs from {@code desired}; with {@code preload}, also
     * loads a desired version that is not loaded and was not preloaded before.
     */
    public void follow(String group, Optional<DesiredVersion> desired, boolean preload) {
        Optional<LoadedModel> loaded = cache.peek(group);
        if (desired.isEmpty()) {
            preloaded.remove(group);
            loaded.ifPresent(m -> cache.invalidate(group));
            return;
        }
        int version = desired.get().version;
        if (loaded.isPresent() && loaded.get().key().version() == version) {
            if (preload) {
                preloaded.put(group, version); // loaded already (first request or earlier swap): nothing to preload
            }
            return;
        }
        boolean preloadDue = preload && !Integer.valueOf(version).equals(preloaded.get(group));
        if (loaded.isEmpty() && !preloadDue) {
            return; // its first request loads it
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
                if (preload) {
                    preloaded.put(group, version);
                    LOG.infof("%s v%d preloaded", group, version);
                }
            }
        });
    }
}
