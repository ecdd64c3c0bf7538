package dev.treeline.events;

import java.util.List;

/**
 * An event that cannot be published or consumed, with every reason in the message. Consumers decode in their
 * handler method, so this fails the record and SmallRye sends it to the dead-letter topic with this message as
 * the reason.
 */
public class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** One problem, e.g. malformed JSON. */
    public InvalidEventException(String message) {
        this(message, (Throwable) null);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several problems, each {@code path: message}, after a heading naming the event. */
    public InvalidEventException(String heading, List<String> problems) {
        super(heading + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, e.g. {@code payload.splits.train.sha256: must be 64 lowercase hex characters}. */
    public List<String> problems() {
        return problems;
    }
}
