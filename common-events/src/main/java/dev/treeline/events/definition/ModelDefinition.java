package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.treeline.events.Copies;
import dev.treeline.events.ModelGroupName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Everything the platform needs to know about one model, in one document (YAML in files, JSON over the API;
 * kebab-case keys, as written in {@code model-definition.schema.json}). data-prep owns definitions; every run
 * snapshots the whole definition, and {@code DatasetReady} carries the parts later stages need.
 *
 * <p>Absent optional sections get their defaults here, in the compact constructor, so a definition read from a
 * file, a definition read back from the database and the content hash all see the same values.
 *
 * @param name        the model group name (also the file name: {@code <name>.yaml})
 * @param description what the model predicts, for people (CLI, registry, console)
 * @param owner       the team or person answerable for it
 * @param tags        free labels for filtering
 * @param data        where its rows come from and how they are split
 * @param task        what it learns
 * @param tuning      how its hyperparameters are searched
 * @param schedule    Quarkus/Quartz cron expression (seconds first) of scheduled retraining; absent means none
 * @param drift       when a drift alert starts a run
 * @param serving     per-model settings for the deployers
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "description", "owner", "tags", "data", "task", "tuning", "schedule", "drift", "serving"})
public record ModelDefinition(
        @NotNull @ModelGroupName String name,
        String description,
        String owner,
        List<@NotBlank String> tags,
        @NotNull @Valid DataSection data,
        @NotNull @Valid TaskSection task,
        @Valid TuningSection tuning,
        String schedule,
        @Valid DriftSection drift,
        @Valid ServingSection serving) {

    public ModelDefinition {
        tags = Copies.listOrEmpty(tags);
        tuning = tuning == null ? TuningSection.defaults() : tuning;
        drift = drift == null ? DriftSection.defaults() : drift;
        serving = serving == null ? ServingSection.defaults() : serving;
        schedule = schedule == null || schedule.isBlank() ? null : schedule.trim();
    }
}
