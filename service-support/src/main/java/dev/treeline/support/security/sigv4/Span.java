package dev.treeline.support.security.sigv4;

/**
 * Characters {@code from} (inclusive) to {@code to} (exclusive) of a string, read in place: the verifier's parsers
 * point into the received header instead of cutting substrings out of it. {@link #toString()} copies (error
 * messages and the few values that must be strings).
 */
record Span(String text, int from, int to) {

    static Span of(String text) {
        return new Span(text, 0, text.length());
    }

    int length() {
        return to - from;
    }

    boolean isEmpty() {
        return to == from;
    }

    char charAt(int index) {
        return text.charAt(from + index);
    }

    /** The index (relative to this span) of the first {@code c} at or after {@code fromIndex}, or -1. */
    int indexOf(char c, int fromIndex) {
        int i = text.indexOf(c, from + fromIndex);
        return i < 0 || i >= to ? -1 : i - from;
    }

    Span sub(int start, int end) {
        return new Span(text, from + start, from + end);
    }

    boolean contentEquals(String s) {
        return s.length() == length() && text.regionMatches(from, s, 0, s.length());
    }

    /** Whether the first {@code length} characters of {@code s} from {@code offset} are this span's. */
    boolean contentEquals(String s, int offset, int length) {
        return length == length() && s.length() >= offset + length && text.regionMatches(from, s, offset, length);
    }

    @Override
    public String toString() {
        return text.substring(from, to);
    }
}
