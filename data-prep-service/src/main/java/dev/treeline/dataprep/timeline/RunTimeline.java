package dev.treeline.dataprep.timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.dataprep.run.RunView;

/** What happened to a run after its dataset, oldest first. */
@ApplicationScoped
public class RunTimeline {

    private final ObjectMapper json;

    public RunTimeline(ObjectMapper json) {
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<RunView.TimelineEntry> of(UUID runId) {
        return RunStageEvent.<RunStageEvent>find("runId = ?1 order by occurredAt, eventId", runId).list().stream()
                .map(e -> new RunView.TimelineEntry(e.occurredAt, e.stage, e.eventType, e.summary, read(e.details)))
                .toList();
    }

    private com.fasterxml.jackson.databind.JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
