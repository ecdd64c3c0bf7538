package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.events.DatasetSchema;

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

    /** label, weight, group, then x (numeric) and colour (categorical: red, green, blue). */
    private static final DatasetSchema LAYOUT = new DatasetSchema(DatasetSchema.VERSION, List.of(
            DatasetSchema.Feature.numeric("x"), DatasetSchema.Feature.categorical("colour", List.of("red", "green",
                    "blue"))), new DatasetSchema.Label("y", List.of()), "w", "query");

    @Test
    void readsTheWeightThenTheGroupThenTheFeaturesWithCategoryCodes() throws IOException {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "1,0.5,7,2.5,2\n0,2,3,,\n3,1,7,1,0\n");
        CsvMatrix m = CsvMatrix.read(file, LAYOUT);
        assertThat(m.columns()).isEqualTo(2);
        assertThat(m.labels()).containsExactly(1f, 0f, 3f);
        assertThat(m.weights()).containsExactly(0.5f, 2f, 1f);
        assertThat(m.groups()).containsExactly(7, 3, 7);
        assertThat(m.row(0)).containsExactly(2.5f, 2f);
        assertThat(Float.isNaN(m.row(1)[1])).isTrue(); // a missing category is missing, like a missing number

        // sorted by group, stable: group 3's row, then group 7's two rows in their order
        CsvMatrix sorted = m.sortedByGroup();
        assertThat(sorted.groups()).containsExactly(3, 7, 7);
        assertThat(sorted.labels()).containsExactly(0f, 1f, 3f);
        assertThat(sorted.weights()).containsExactly(2f, 0.5f, 1f);
        assertThat(sorted.row(2)).containsExactly(1f, 0f);
        assertThat(sorted.groupSizes()).containsExactly(1, 2);
        assertThatThrownBy(m::groupSizes).isInstanceOf(IllegalStateException.class).hasMessageContaining("group 7");
        // ranking weights are per group
        assertThatThrownBy(() -> sorted.groupWeights("train")).isInstanceOf(CorruptDatasetException.class)
                .hasMessageContaining("dataset split 'train': group 7 has rows with different weights (0.5, 1.0)");
    }

    @Test
    void aCategoryFieldThatIsNotACodeOfItsDictionaryIsCorruptNamingLineFieldAndColumn() throws IOException {
        Path file = dir.resolve("bad.csv");
        for (String code : new String[] {"1.5", "-1", "3", "blue"}) {
            Files.writeString(file, "1,1,1,0.5,0\n1,1,1,0.5," + code + "\n");
            assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).as(code)
                    .isInstanceOf(CorruptDatasetException.class).hasMessageStartingWith("line 2, field 5");
        }
        Files.writeString(file, "1,1,1,0.5,3\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).hasMessage("line 1, field 5 (categorical feature"
                + " 'colour'): not a category code: '3' (codes are integers 0..2, the feature's dictionary in"
                + " schema.json)");
    }

    @Test
    void aNegativeOrMissingWeightAndAFractionalGroupIdAreCorrupt() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "1,-1,1,0.5,0\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).hasMessage("line 1, field 2 (weight column 'w'): a"
                + " weight must be a finite number >= 0, got '-1'");
        Files.writeString(file, "1,,1,0.5,0\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).hasMessageContaining("weight column 'w'");
        Files.writeString(file, "1,1,1.5,0.5,0\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).hasMessage("line 1, field 3 (group column 'query'):"
                + " a group id must be an integer, got '1.5'");
        Files.writeString(file, "1,1,1,0.5\n");
        assertThatThrownBy(() -> CsvMatrix.read(file, LAYOUT)).hasMessage("line 1: expected 5 fields, found 4");
    }
}
