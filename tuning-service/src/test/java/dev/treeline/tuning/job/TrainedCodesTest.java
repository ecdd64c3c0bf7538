package dev.treeline.tuning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.treeline.events.DatasetSchema;
import dev.treeline.tuning.training.CsvMatrix;
import org.junit.jupiter.api.Test;

class TrainedCodesTest {

    private static final DatasetSchema SCHEMA = new DatasetSchema(DatasetSchema.VERSION, List.of(
            DatasetSchema.Feature.numeric("size"),
            DatasetSchema.Feature.categorical("colour", List.of("red", "green", "blue", "black")),
            DatasetSchema.Feature.categorical("shape", List.of("round", "square"))),
            new DatasetSchema.Label("price", List.of()), null, null);

    @Test
    void onlyTheCodesOfTheTrainingRowsAreTrainedOnAndMissingIsNoCode() {
        float nan = Float.NaN;
        // colour: blue (2) and red (0) occur, green and black only in the dictionary; shape: square only
        CsvMatrix train = new CsvMatrix(new float[] {
                1.5f, 2, 1,
                0.2f, 0, nan,
                3.1f, 2, 1,
                nan, nan, 1}, new float[] {1, 2, 3, 4}, 4, 3);

        assertThat(TrainedCodes.of(train, SCHEMA)).isEqualTo(Map.of("colour", List.of(0, 2), "shape", List.of(1)));
        assertThat(TrainedCodes.json(train, SCHEMA)).isEqualTo("{\"colour\":[0,2],\"shape\":[1]}");
    }

    @Test
    void aDatasetWithoutCategoricalFeaturesGetsNoAttribute() {
        DatasetSchema numeric = DatasetSchema.numeric("price", List.of("size"));
        assertThat(TrainedCodes.json(new CsvMatrix(new float[] {1f}, new float[] {2f}, 1, 1), numeric)).isNull();
    }
}
