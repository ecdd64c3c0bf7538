package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Codes a text label's values as classes, stable across retrains through the model's dictionary (kind LABEL).
 * Binary: code 1 is {@code positive-class}, code 0 the one other value (a third value fails the run); multi-class:
 * codes in order of first appearance after the stored ones. Not thread-safe: one per extraction.
 */
abstract sealed class TextLabel {

    protected final String column;

    TextLabel(String column) {
        this.column = column;
    }

    /**
     * The coder for a text label.
     *
     * @param stored the label's classes by code from earlier runs
     * @throws ExtractionException when the stored classes disagree with {@code positive-class}
     */
    static TextLabel of(String objective, String column, String positiveClass, List<String> stored) {
        if (objective.startsWith("binary:")) {
            return new Binary(objective, column, positiveClass, stored);
        }
        return new Multi(objective, column, stored);
    }

    /** The class code of a label value (bytes as the warehouse sent them, not empty); row is for messages. */
    abstract int code(byte[] value, long row);

    /** Every class by code after this run. */
    abstract List<String> classes();

    /** The codes this run added to the dictionary. */
    abstract List<CategoryDictionary.Code> added();

    /** Fails when the classes cannot train the objective (a binary label with one class). */
    void checkComplete() {
    }

    /** Code 1 = positive-class, code 0 = the other value. */
    static final class Binary extends TextLabel {
        private final String objective;
        private final byte[] positive;
        private final String positiveName;
        private final boolean positiveStored;
        private byte[] other;
        private String otherName;
        private boolean otherStored;

        Binary(String objective, String column, String positiveClass, List<String> stored) {
            super(column);
            this.objective = objective;
            this.positiveName = positiveClass;
            this.positive = positiveClass.getBytes(StandardCharsets.UTF_8);
            if (stored.size() > 2 || (stored.size() == 2 && !stored.get(1).equals(positiveClass))
                    || (stored.size() == 1 && stored.get(0).equals(positiveClass))) {
                throw new ExtractionException(FailureKind.DICTIONARY_CONFLICT, "label column '" + column + "': earlier"
                        + " runs of this model coded its classes as " + stored + " (by code), which does not fit"
                        + " positive-class '" + positiveClass + "' as class 1; codes are kept across retrains, so"
                        + " keep the positive class of the model's first run (or define a new model)");
            }
            if (!stored.isEmpty()) {
                otherName = stored.get(0);
                other = otherName.getBytes(StandardCharsets.UTF_8);
                otherStored = true;
            }
            positiveStored = stored.size() == 2;
        }

        @Override
        int code(byte[] value, long row) {
            if (java.util.Arrays.equals(value, positive)) {
                return 1;
            }
            if (other == null) {
                other = value.clone();
                otherName = new String(other, StandardCharsets.UTF_8);
                return 0;
            }
            if (java.util.Arrays.equals(value, other)) {
                return 0;
            }
            throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result: label '"
                    + new String(value, StandardCharsets.UTF_8) + "' is a third class; " + objective + " takes two:"
                    + " '" + positiveName + "' (positive-class, 1) and '" + otherName + "' (0) (label column '"
                    + column + "'); filter the other values out in the query or use a multi:* objective");
        }

        @Override
        List<String> classes() {
            return List.of(otherName, positiveName);
        }

        @Override
        List<CategoryDictionary.Code> added() {
            List<CategoryDictionary.Code> codes = new ArrayList<>(2);
            if (!otherStored) {
                codes.add(new CategoryDictionary.Code(CategoryDictionary.Kind.LABEL, column, otherName, 0));
            }
            if (!positiveStored) {
                codes.add(new CategoryDictionary.Code(CategoryDictionary.Kind.LABEL, column, positiveName, 1));
            }
            return codes;
        }

        @Override
        void checkComplete() {
            if (otherName == null) {
                throw new ExtractionException(FailureKind.BAD_VALUE, "label column '" + column + "' has only the"
                        + " value '" + positiveName + "' (positive-class): " + objective + " needs rows of both"
                        + " classes");
            }
        }
    }

    /** Codes from the dictionary, new classes appended. */
    static final class Multi extends TextLabel {
        private final String objective;
        private final CategoryCodes codes;

        Multi(String objective, String column, List<String> stored) {
            super(column);
            this.objective = objective;
            this.codes = new CategoryCodes(stored);
        }

        @Override
        int code(byte[] value, long row) {
            int code = codes.code(value);
            if (code >= 0) {
                return code;
            }
            if (codes.size() >= LabelRule.MAX_CLASSES) {
                throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result: label '"
                        + new String(value, StandardCharsets.UTF_8) + "' would be class " + (codes.size() + 1)
                        + " of label column '" + column + "'; " + objective + " takes at most "
                        + LabelRule.MAX_CLASSES + " classes (is the label an identifier?)");
            }
            return codes.add(value);
        }

        @Override
        List<String> classes() {
            return codes.values();
        }

        @Override
        List<CategoryDictionary.Code> added() {
            List<CategoryDictionary.Code> added = new ArrayList<>();
            List<String> values = codes.added();
            for (int i = 0; i < values.size(); i++) {
                added.add(new CategoryDictionary.Code(CategoryDictionary.Kind.LABEL, column, values.get(i),
                        codes.firstNew() + i));
            }
            return added;
        }
    }
}
