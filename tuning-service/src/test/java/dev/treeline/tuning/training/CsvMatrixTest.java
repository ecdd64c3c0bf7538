package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMatrixTest {

    @TempDir
    Path dir;

    @Test
    void readsLabelFirstAndEmptyFieldsAsMissing() throws IOException {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "1.5,2,3\n0,,4.25\n");
        CsvMatrix m = CsvMatrix.read(file, 2);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.labels()).containsExactly(1.5f, 0f);
        assertThat(m.row(0)).containsExactly(2f, 3f);
        assertThat(Float.isNaN(m.row(1)[0])).isTrue();
        assertThat(m.row(1)[1]).isEqualTo(4.25f);
    }

    @Test
    void growsPastItsInitialCapacity() throws IOException {
        CsvMatrix m = SyntheticData.matrix(dir, "big.csv", SyntheticData.regressionCsv(5000, 1, 0), 3);
        assertThat(m.rows()).isEqualTo(5000);
        assertThat(m.features()).hasSize(15000);
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsCorruptWithItsLineNumber() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "1,2,3\n1,2\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, 2))
                .isInstanceOf(CorruptDatasetException.class).hasMessageContaining("line 2");
    }

    @Test
    void aTextFieldIsCorrupt() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "1,2,paris\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, 2))
                .isInstanceOf(CorruptDatasetException.class).hasMessageContaining("'paris'");
    }

    @Test
    void aMissingLabelIsCorrupt() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, ",2,3\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, 2))
                .isInstanceOf(CorruptDatasetException.class).hasMessageContaining("label is missing");
    }
}
