package dev.treeline.dataprep.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a query with {@code :dateStart} / {@code :dateEnd} into JDBC {@code ?} placeholders, so values are
 * always bound, never spliced into SQL. PostgreSQL's {@code ::type} casts, quoted strings and identifiers,
 * dollar-quoted bodies and comments are left alone. A query is a single statement.
 */
public record NamedParameters(String sql, List<String> order) {

    public static final String DATE_START = "dateStart";
    public static final String DATE_END = "dateEnd";
    public static final Set<String> WINDOW = Set.of(DATE_START, DATE_END);

    public Set<String> names() {
        return Set.copyOf(order);
    }

    public static NamedParameters parse(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidQueryException("query is empty");
        }
        StringBuilder sql = new StringBuilder(query.length());
        List<String> order = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closingQuote(query, i, c);
                sql.append(query, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
                int end = query.indexOf('\n', i);
                end = end < 0 ? n : end;
                sql.append(query, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && query.charAt(i + 1) == '*') {
                int end = query.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new InvalidQueryException("unterminated /* comment");
                }
                sql.append(query, i, end + 2);
                i = end + 2;
            } else if (c == '$' && dollarTagEnd(query, i) > 0) {
                int tagEnd = dollarTagEnd(query, i);
                String tag = query.substring(i, tagEnd);
                int close = query.indexOf(tag, tagEnd);
                if (close < 0) {
                    throw new InvalidQueryException("unterminated dollar-quoted string " + tag);
                }
                sql.append(query, i, close + tag.length());
                i = close + tag.length();
            } else if (c == ':' && i + 1 < n && query.charAt(i + 1) == ':') {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(query.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(query.charAt(end))) {
                    end++;
                }
                String name = query.substring(i + 1, end);
                if (!WINDOW.contains(name)) {
                    throw new InvalidQueryException("unknown parameter :" + name
                            + "; only :dateStart and :dateEnd are bound");
                }
                order.add(name);
                sql.append('?');
                i = end;
            } else if (c == '?') {
                throw new InvalidQueryException("use :dateStart and :dateEnd, not '?' placeholders");
            } else if (c == ';') {
                // The driver would send each statement on its own, and a COMMIT among them would end the
                // read-only transaction the query runs in: one statement, at most a trailing ';'.
                if (!query.substring(i + 1).isBlank()) {
                    throw new InvalidQueryException("the query must be one statement; ';' separates statements");
                }
                i = n;
            } else {
                sql.append(c);
                i++;
            }
        }
        return new NamedParameters(sql.toString(), List.copyOf(order));
    }

    private static int closingQuote(String query, int start, char quote) {
        int i = start + 1;
        while (i < query.length()) {
            if (query.charAt(i) == quote) {
                if (i + 1 < query.length() && query.charAt(i + 1) == quote) {
                    i += 2; // doubled quote inside the literal
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new InvalidQueryException("unterminated " + (quote == '\'' ? "string literal" : "quoted identifier"));
    }

    /** End index (exclusive) of a {@code $tag$} opener at {@code start}, or -1. */
    private static int dollarTagEnd(String query, int start) {
        int i = start + 1;
        while (i < query.length() && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '_')) {
            i++;
        }
        return i < query.length() && query.charAt(i) == '$' ? i + 1 : -1;
    }
}
