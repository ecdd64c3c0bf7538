package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadBudgetTest {

    @ParameterizedTest(name = "{0} cores, maxParallelJobs {1} -> {2} trials x {3} threads")
    @CsvSource({
            "2, 1, 1, 2",
            "2, 2, 2, 1",
            "2, 4, 2, 1",
            "8, 3, 3, 2",
            "16, 4, 4, 4",
            "1, 1, 1, 1"
    })
    void neverOversubscribesTheMachine(int cores, int maxParallel, int parallel, int threads) {
        ThreadBudget b = ThreadBudget.of(cores, maxParallel);
        assertThat(b.parallelTrials()).isEqualTo(parallel);
        assertThat(b.nthread()).isEqualTo(threads);
        assertThat(b.parallelTrials() * b.nthread()).isLessThanOrEqualTo(cores);
    }
}
