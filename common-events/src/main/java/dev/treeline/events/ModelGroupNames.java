package dev.treeline.events;

import java.util.regex.Pattern;

/**
 * The rule for model group names. Names end up in S3 keys, SageMaker resource names and Kafka
 * keys, so they are kept to a safe alphabet: nothing like {@code ../} can sneak into a path.
 */
public final class ModelGroupNames {

    /** 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit. */
    public static final String REGEX = "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$";

    /** What a valid name looks like, for error messages. */
    public static final String RULE =
            "use 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private ModelGroupNames() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * Returns {@code name} if it is a valid model group name.
     *
     * @throws IllegalArgumentException saying what is wrong otherwise
     */
    public static String requireValid(String name) {
        if (name == null) {
            throw new IllegalArgumentException("model group name is missing: " + RULE);
        }
        if (!isValid(name)) {
            throw new IllegalArgumentException("model group name '" + name + "' is invalid: " + RULE);
        }
        return name;
    }
}
