package dev.treeline.deployer.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** In-memory registry for the cache tests, plus a loader that remembers every model it created. */
final class FakeModelSource implements ModelSource {

    final Map<String, ResolvedVersion> desired = new ConcurrentHashMap<>();
    final AtomicInteger fetches = new AtomicInteger();
    final List<LoadedModel> created = new CopyOnWriteArrayList<>();

    void deploy(String group, ResolvedVersion version) {
        desired.put(group, version);
    }

    @Override
    public Optional<ResolvedVersion> resolve(String modelGroup) {
        ResolvedVersion v = desired.get(modelGroup);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(new ResolvedVersion(v.version(), v.sha256(), () -> {
            fetches.incrementAndGet();
            return v.bytes().get();
        }));
    }

    ModelLoader trackingLoader() {
        return (key, bytes) -> {
            LoadedModel model = LoadedModel.load(key, bytes);
            created.add(model);
            return model;
        };
    }

    /** Removal notifications run on the cache's background executor, so tests poll for their effects. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
