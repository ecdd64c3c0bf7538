package dev.treeline.dataprep.timeline;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.treeline.dataprep.run.RunView;

/** What happened to a run after its dataset, oldest first. */
@ApplicationScoped
public class RunTimeline {

    @Transactional(Transactional.TxType.MANDATORY)
    public List<RunView.TimelineEntry> of(UUID runId) {
        return RunStageEvent.<RunStageEvent>find("runId = ?1 order by occurredAt, eventId", runId).list().stream()
                .map(e -> new RunView.TimelineEntry(e.occurredAt, e.stage, e.eventType, e.summary, e.details))
                .toList();
    }
}
