package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Min;
import java.time.LocalDate;

/**
 * The date window a run's query is bound to: from {@code start} to {@code pushbackDays} days before the run.
 *
 * @param start        first day (ISO date); default 2000-01-01
 * @param pushbackDays the window ends this many days before today, because recent rows may still change; default 30
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonPropertyOrder({"start", "pushback-days"})
public record WindowSpec(@JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate start,
                         @Min(0) Integer pushbackDays) {

    public static final LocalDate DEFAULT_START = LocalDate.of(2000, 1, 1);
    public static final int DEFAULT_PUSHBACK_DAYS = 30;

    public WindowSpec {
        start = start == null ? DEFAULT_START : start;
        pushbackDays = pushbackDays == null ? DEFAULT_PUSHBACK_DAYS : pushbackDays;
    }

    public static WindowSpec defaults() {
        return new WindowSpec(null, null);
    }
}
