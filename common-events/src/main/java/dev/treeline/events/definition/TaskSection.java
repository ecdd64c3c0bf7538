package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;

/**
 * What the model learns.
 *
 * @param objective       XGBoost objective ({@code reg:squarederror}, {@code binary:logistic}, ...)
 * @param objectiveMetric the validation metric tuning minimises or maximises (SageMaker's
 *                        {@code objective_metric_name}; a leading {@code validation:} is dropped, names are lower-cased); absent means the
 *                        objective's default ({@link #defaultMetric})
 * @param positiveClass   for a binary objective with a text label: the label value that is class 1 (the other value
 *                        is class 0); absent for numeric labels
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"objective", "objective-metric", "positive-class"})
public record TaskSection(@NotBlank String objective, String objectiveMetric, String positiveClass) {

    public TaskSection(String objective, String objectiveMetric) {
        this(objective, objectiveMetric, null);
    }

    public TaskSection {
        objectiveMetric = objectiveMetric == null || objectiveMetric.isBlank()
                ? defaultMetric(objective) : Objectives.Metrics.strip(objectiveMetric);
    }

    /** The objective's default metric ({@link Objectives}); null when the objective is unknown or absent. */
    public static String defaultMetric(String objective) {
        return Objectives.find(objective).map(Objectives.Objective::defaultMetric).orElse(null);
    }
}
