package dev.treeline.dataprep.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DriftDetails;
import dev.treeline.events.EventType;
import dev.treeline.events.RetrainReason;

/**
 * A run as people and tools see it over REST. {@code definition} is the whole definition the run was requested with
 * (revision {@code definitionRevision}); {@code spec} only appears on runs from before model definitions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(UUID runId, String model, RunStatus status, RetrainReason reason, boolean testing,
        String requestedBy, UUID triggerEventId, DriftDetails drift, Instant requestedAt, Instant extractingAt,
        Instant finishedAt, Instant updatedAt, FailureKind failureKind, String failureReason, Window window,
        String query, Map<String, Object> queryParameters, String labelColumn, List<String> featureNames, Rows rows,
        DatasetSplits datasets, Timings timings, Integer definitionRevision, Map<String, Object> definition,
        Map<String, Object> spec, List<TimelineEntry> timeline) {

    public record Window(LocalDate start, LocalDate end) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rows(Long total, Long train, Long validation, Long test, Long withoutLabel) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * @param extractionMs all attempts, warehouse to S3
     * @param writeMs      of the successful attempt: query and CSV writing
     * @param uploadMs     of the successful attempt: hashing and uploading the splits
     */
    public record Timings(Long queuedMs, Long extractionMs, Long writeMs, Long uploadMs, Integer attempts) {
    }

    /** One later stage of the run, from the events other services published with this run id. */
    public record TimelineEntry(Instant at, String stage, EventType event, String summary,
            Map<String, Object> details) {
    }

    public static RunView of(RetrainRun run, List<TimelineEntry> timeline) {
        Long queuedMs = run.extractingAt == null ? null : run.extractingAt.toEpochMilli() - run.requestedAt.toEpochMilli();
        return new RunView(run.id, run.model, run.status, run.reason, run.testing, run.requestedBy,
                run.triggerEventId, run.drift, run.requestedAt, run.extractingAt, run.finishedAt,
                run.updatedAt, run.failureKind, run.failureReason,
                run.windowStart == null ? null : new Window(run.windowStart, run.windowEnd), run.queryText,
                run.queryParameters, run.labelColumn, run.featureNames,
                run.rowsTotal == null ? null : new Rows(run.rowsTotal, run.rowsTrain, run.rowsValidation, run.rowsTest,
                        run.rowsWithoutLabel),
                run.datasets,
                queuedMs == null && run.extractionMs == null ? null : new Timings(queuedMs, run.extractionMs,
                        run.writeMs, run.uploadMs, run.attempts),
                run.definitionRevision, run.definitionSnapshot, run.specSnapshot, timeline);
    }
}
