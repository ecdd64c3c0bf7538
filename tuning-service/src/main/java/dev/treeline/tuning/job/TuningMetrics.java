package dev.treeline.tuning.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code treeline.tuning.trials} (counter by model and status), {@code treeline.tuning.trial.duration} (timer by
 * model and status), {@code treeline.tuning.jobs} (counter by model and final status) and
 * {@code treeline.tuning.job.best.objective} (gauge by model: the best validation value of the model's latest
 * job, updated as trials finish). Tagged by model, not job, to keep the series count bounded.
 */
@ApplicationScoped
public class TuningMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> bestByModel = new ConcurrentHashMap<>();

    public TuningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void trial(String model, boolean succeeded, Duration duration) {
        String status = succeeded ? "succeeded" : "failed";
        Counter.builder("treeline.tuning.trials").description("Tuning trials run")
                .tags("model", model, "status", status).register(registry).increment();
        Timer.builder("treeline.tuning.trial.duration").description("Time to train and score one trial")
                .tags("model", model, "status", status).register(registry).record(duration);
    }

    public void bestObjective(String model, double value) {
        bestByModel.computeIfAbsent(model, m -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder("treeline.tuning.job.best.objective", holder, h -> Double.longBitsToDouble(h.get()))
                    .description("Best validation objective of the model's latest tuning job")
                    .tags("model", m).register(registry);
            return holder;
        }).set(Double.doubleToLongBits(value));
    }

    public void job(String model, String status) {
        Counter.builder("treeline.tuning.jobs").description("Tuning jobs finished")
                .tags("model", model, "status", status).register(registry).increment();
    }
}
