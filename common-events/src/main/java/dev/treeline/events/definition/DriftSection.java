package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * When a drift alert starts a run.
 *
 * @param threshold an alert at or above this value starts a run; default 0.2
 * @param cooldown  no drift-triggered run sooner than this after the model's last run (ISO-8601); default PT6H
 */
@JsonPropertyOrder({"threshold", "cooldown"})
public record DriftSection(@PositiveOrZero Double threshold,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) Duration cooldown) {

    public DriftSection {
        threshold = threshold == null ? 0.2 : threshold;
        cooldown = cooldown == null ? Duration.ofHours(6) : cooldown;
    }

    public static DriftSection defaults() {
        return new DriftSection(null, null);
    }
}
