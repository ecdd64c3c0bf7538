package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelGroupNamesTest {

    private static final String LONGEST = "a".repeat(63);

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "house-prices", "churn-v2", "a-b-c", "x1y2z3"})
    void lowercaseDigitsAndInnerDashesAreAccepted(String name) {
        assertEquals(name, ModelGroupNames.requireValid(name));
    }

    @Test
    void sixtyThreeCharactersAreAcceptedAndSixtyFourAreNot() {
        assertTrue(ModelGroupNames.isValid(LONGEST));
        assertFalse(ModelGroupNames.isValid(LONGEST + "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-house", "house-", "House", "house_prices", "house prices", "../etc",
            "house/../prices", "house.prices", "prices\n"})
    void namesThatCouldEscapeAPathOrBreakAResourceNameAreRejected(String name) {
        assertFalse(ModelGroupNames.isValid(name));
        assertThrows(IllegalArgumentException.class, () -> ModelGroupNames.requireValid(name));
    }

    @Test
    void requireValidSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelGroupNames.requireValid("Foo/../x"));

        assertEquals("model group name 'Foo/../x' is invalid: use 1-63 lowercase letters, digits or '-',"
                + " starting and ending with a letter or digit", e.getMessage());
    }

    @Test
    void requireValidRejectsAMissingName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelGroupNames.requireValid(null));

        assertTrue(e.getMessage().startsWith("model group name is missing"), e.getMessage());
    }

    @Test
    void annotationValidatorAppliesTheSameRule() {
        ModelGroupNameValidator validator = new ModelGroupNameValidator();

        assertTrue(validator.isValid("house-prices", null));
        assertTrue(validator.isValid(null, null), "null is left to @NotNull");
        assertFalse(validator.isValid("Foo/../x", null));
    }
}
