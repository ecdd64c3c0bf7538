package dev.treeline.bench.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** wrk 4.1's output, as the benchmark's Lua script makes it print. */
class WrkRunTest {

    static final String OUTPUT = """
            Running 15s test @ http://127.0.0.1:40123/endpoints/bench/invocations
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.02ms    2.31ms  48.90ms   93.51%
                Req/Sec    24.05k     3.10k   30.12k    71.00%
              Latency Distribution
                 50%  583.00us
                 75%  801.00us
                 90%    1.41ms
                 99%    5.59ms
              717330 requests in 15.00s, 61.57MB read
            Requests/sec:  47822.01
            Transfer/sec:      4.10MB
            ERRORS STATUS_ERRORS 0 0
            """;

    @Test
    void readsThroughputLatenciesAndErrors() {
        WrkRun run = WrkRun.parse(OUTPUT.replace("STATUS_ERRORS", "0"));

        assertThat(run.requests()).isEqualTo(717330);
        assertThat(run.requestsPerSecond()).isEqualTo(47822.01);
        assertThat(run.p50Millis()).isEqualTo(0.583);
        assertThat(run.p99Millis()).isEqualTo(5.59);
        assertThat(run.usable()).isTrue();
    }

    @Test
    void aRunWithErrorStatusesGivesNoFigure() {
        WrkRun run = WrkRun.parse(OUTPUT.replace("STATUS_ERRORS", "12"));

        assertThat(run.statusErrors()).isEqualTo(12);
        assertThat(run.usable()).isFalse();
    }

    @Test
    void outputWithoutTheScriptsErrorSummaryIsRefused() {
        assertThatThrownBy(() -> WrkRun.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("error summary");
    }

    @Test
    void durationsInEveryWrkUnitBecomeMilliseconds() {
        assertThat(WrkRun.millis("250.00us")).isEqualTo(0.25);
        assertThat(WrkRun.millis("1.41ms")).isEqualTo(1.41);
        assertThat(WrkRun.millis("2.00s")).isEqualTo(2000);
        assertThat(WrkRun.millis("1.00m")).isEqualTo(60000);
    }
}
