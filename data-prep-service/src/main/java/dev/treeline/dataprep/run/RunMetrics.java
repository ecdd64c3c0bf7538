package dev.treeline.dataprep.run;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.events.RetrainReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code treeline.dataprep.*}: runs started / ready / failed per model and kickoff reason (failures also by
 * kind), rows extracted per model, extraction duration per model and outcome (recorded after commit), and
 * attempts that found the warehouse unreachable.
 */
@ApplicationScoped
public class RunMetrics {

    private final MeterRegistry registry;

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(String model, RetrainReason reason) {
        Counter.builder("treeline.dataprep.runs.started").description("Runs started, by model and kickoff reason")
                .tag("model", model).tag("reason", reason.name()).register(registry).increment();
    }

    void ready(String model, RetrainReason reason, long rows, Duration took) {
        Counter.builder("treeline.dataprep.runs.ready").tag("model", model).tag("reason", reason.name())
                .register(registry).increment();
        Counter.builder("treeline.dataprep.rows.extracted").description("Labelled rows written to datasets")
                .tag("model", model).register(registry).increment(rows);
        extraction(model, "ready", took);
    }

    void failed(String model, RetrainReason reason, FailureKind kind, Duration took) {
        Counter.builder("treeline.dataprep.runs.failed").description("Runs failed, by model, reason and kind")
                .tag("model", model).tag("reason", reason.name()).tag("kind", kind.tag()).register(registry)
                .increment();
        if (took != null) {
            extraction(model, "failed", took);
        }
    }

    /** One attempt found the warehouse unreachable (it may be retried). */
    void warehouseUnreachable(String model) {
        Counter.builder("treeline.dataprep.warehouse.unreachable")
                .description("Extraction attempts that found the warehouse unreachable, by model")
                .tag("model", model).register(registry).increment();
    }

    private void extraction(String model, String outcome, Duration took) {
        Timer.builder("treeline.dataprep.extraction.duration").description("Warehouse to S3, per run")
                .tag("model", model).tag("outcome", outcome).register(registry).record(took);
    }
}
