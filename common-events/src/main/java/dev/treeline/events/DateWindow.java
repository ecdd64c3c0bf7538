package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** An inclusive range of days, e.g. the data a training set was drawn from. */
public record DateWindow(@NotNull LocalDate start, @NotNull LocalDate end) {

    /** Validation hook (not part of the JSON); missing ends are reported by {@code @NotNull}. */
    @JsonIgnore
    @AssertTrue(message = "date window start must not be after end")
    public boolean isStartNotAfterEnd() {
        return start == null || end == null || !start.isAfter(end);
    }
}
