package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleProcessReaperTest {

    @Test
    void processRecordedByAnEarlierRunIsStopped(@TempDir Path dir) throws Exception {
        Process orphan = new ProcessBuilder("sleep", "300").start();
        StaleProcessReaper.record(dir.resolve("kafka.pid"), orphan.toHandle());

        assertThat(StaleProcessReaper.reap(dir)).isEqualTo(1);
        assertThat(orphan.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("kafka.pid")).doesNotExist();
    }

    @Test
    void recycledPidWithAnotherStartTimeIsLeftAlone(@TempDir Path dir) throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(dir.resolve("s3proxy.pid"), unrelated.pid() + " 12345\n");
            assertThat(StaleProcessReaper.reap(dir)).isZero();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            ManagedProcess.stop(unrelated.toHandle(), Duration.ofSeconds(5));
        }
    }
}
