package dev.treeline.dataprep.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** In process: the byte-keyed codes of one column, and how text labels become classes. */
class CategoryCodesTest {

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storedValuesKeepTheirCodesAndNewOnesGetTheNextInOrderOfFirstAppearance() {
        CategoryCodes codes = new CategoryCodes(List.of("Ideal", "Good"));

        assertThat(codes.code(bytes("Good"))).isEqualTo(1);
        assertThat(codes.code(bytes("Fair"))).isEqualTo(-1);
        assertThat(codes.add(bytes("Fair"))).isEqualTo(2);
        assertThat(codes.add(bytes("Très bon"))).isEqualTo(3);
        assertThat(codes.code(bytes("Très bon"))).isEqualTo(3);
        assertThat(codes.values()).containsExactly("Ideal", "Good", "Fair", "Très bon");
        assertThat(codes.added()).containsExactly("Fair", "Très bon");
        assertThat(codes.firstNew()).isEqualTo(2);
    }

    @Test
    void thousandsOfValuesAreFoundAgainAfterTheTableGrew() {
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            stored.add("v" + i);
        }
        CategoryCodes codes = new CategoryCodes(stored);
        for (int i = 3000; i < 5000; i++) {
            assertThat(codes.add(bytes("v" + i))).isEqualTo(i);
        }

        for (int i = 0; i < 5000; i += 7) {
            assertThat(codes.code(bytes("v" + i))).isEqualTo(i);
        }
        assertThat(codes.code(bytes("v5000"))).isEqualTo(-1);
        assertThat(codes.size()).isEqualTo(5000);
    }

    @Test
    void aBinaryTextLabelIsOneForThePositiveClassAndZeroForTheOtherWhateverComesFirst() {
        TextLabel label = TextLabel.of("binary:logistic", "status", "churned", List.of());

        assertThat(label.code(bytes("stayed"), 1)).isZero();
        assertThat(label.code(bytes("churned"), 2)).isEqualTo(1);
        assertThat(label.classes()).containsExactly("stayed", "churned");
        assertThat(label.added()).extracting(CategoryDictionary.Code::value, CategoryDictionary.Code::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stayed", 0),
                        org.assertj.core.groups.Tuple.tuple("churned", 1));
    }

    @Test
    void aBinaryLabelWithOnlyItsPositiveClassCannotTrain() {
        TextLabel label = TextLabel.of("binary:hinge", "status", "churned", List.of());
        label.code(bytes("churned"), 1);

        assertThatThrownBy(label::checkComplete).isInstanceOf(ExtractionException.class).hasMessage("label column"
                + " 'status' has only the value 'churned' (positive-class): binary:hinge needs rows of both classes");
    }

    @Test
    void aPositiveClassThatEarlierRunsCodedZeroIsAConflict() {
        assertThatThrownBy(() -> TextLabel.of("binary:logistic", "status", "stayed", List.of("stayed", "churned")))
                .isInstanceOf(ExtractionException.class).hasMessage("label column 'status': earlier runs of this"
                        + " model coded its classes as [stayed, churned] (by code), which does not fit positive-class"
                        + " 'stayed' as class 1; codes are kept across retrains, so keep the positive class of the"
                        + " model's first run (or define a new model)")
                .extracting(e -> ((ExtractionException) e).kind()).isEqualTo(FailureKind.DICTIONARY_CONFLICT);
    }

    @Test
    void aStoredBinaryLabelKeepsItsOtherClassAndAddsNothing() {
        TextLabel label = TextLabel.of("binary:logistic", "status", "churned", List.of("stayed", "churned"));

        assertThat(label.code(bytes("churned"), 1)).isEqualTo(1);
        assertThat(label.code(bytes("stayed"), 2)).isZero();
        assertThat(label.added()).isEmpty();
        assertThatThrownBy(() -> label.code(bytes("left"), 3)).isInstanceOf(ExtractionException.class)
                .hasMessageStartingWith("row 3 of the query result: label 'left' is a third class");
    }
}
