package dev.treeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void anOddNumberOfRepetitionsGivesTheMiddleValueAndTheRange() {
        Spread spread = Spread.of(List.of(41000.0, 23000.0, 47000.0));

        assertThat(spread.median()).isEqualTo(41000.0);
        assertThat(spread.min()).isEqualTo(23000.0);
        assertThat(spread.max()).isEqualTo(47000.0);
        assertThat(spread.values()).as("kept in measurement order").containsExactly(41000.0, 23000.0, 47000.0);
        assertThat(spread.format("%.0f")).isEqualTo("41000 (23000–47000)");
    }

    @Test
    void anEvenNumberOfRepetitionsGivesTheMeanOfTheTwoMiddleValues() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void ratiosArePairedByRepetitionNotByRank() {
        // ours 10, 20, 30 against a peer measured in the same repetitions at 5, 20, 10: ratios 2, 1, 3
        Spread ratio = Spread.ratios(List.of(10.0, 20.0, 30.0), List.of(5.0, 20.0, 10.0));

        assertThat(ratio.values()).containsExactly(2.0, 1.0, 3.0);
        assertThat(ratio.format("%.1fx")).isEqualTo("2.0x (1.0x–3.0x)");
    }

    @Test
    void noMeasurementsOrUnpairedSeriesAreRefused() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spread.ratios(List.of(1.0), List.of(1.0, 2.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
