package dev.treeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result column names of a plain {@code select a, b as c, t.d from ...}, read from its outermost select list
 * (best effort, for the converter's notes: {@code *}, {@code t.*} or anything unusual gives empty). The dry run
 * ({@code treeline models validate}) is what knows the columns for sure.
 */
final class QueryColumns {

    private static final Pattern ALIAS = Pattern.compile("(?is).*\\s+as\\s+\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*$");
    private static final Pattern COLUMN = Pattern.compile("(?s)^(?:[A-Za-z_][A-Za-z0-9_]*\\.)?\"?([A-Za-z_][A-Za-z0-9_]*)\"?$");
    private static final Pattern TRAILING_NAME = Pattern.compile("(?s).*[\\s)]\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*$");

    private QueryColumns() {
    }

    static Optional<List<String>> of(String query) {
        String sql = query.strip();
        if (!sql.regionMatches(true, 0, "select", 0, 6) || sql.length() < 7
                || !Character.isWhitespace(sql.charAt(6))) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 6;
        for (int i = 6; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ',') {
                items.add(sql.substring(start, i));
                start = i + 1;
            } else if (depth == 0 && isKeyword(sql, i, "from")) {
                items.add(sql.substring(start, i));
                return names(items);
            }
        }
        return Optional.empty();
    }

    private static boolean isKeyword(String sql, int i, String word) {
        return i > 0 && Character.isWhitespace(sql.charAt(i - 1)) && sql.regionMatches(true, i, word, 0, word.length())
                && (i + word.length() == sql.length() || Character.isWhitespace(sql.charAt(i + word.length())));
    }

    private static Optional<List<String>> names(List<String> items) {
        List<String> names = new ArrayList<>();
        for (String raw : items) {
            String item = raw.strip();
            if (item.regionMatches(true, 0, "distinct ", 0, 9)) {
                item = item.substring(9).strip();
            }
            Matcher alias = ALIAS.matcher(item);
            Matcher column = COLUMN.matcher(item);
            Matcher trailing = TRAILING_NAME.matcher(item);
            if (alias.matches()) {
                names.add(alias.group(1).toLowerCase(Locale.ROOT));
            } else if (column.matches()) {
                names.add(column.group(1).toLowerCase(Locale.ROOT));
            } else if (trailing.matches() && !item.endsWith(")")) {
                names.add(trailing.group(1).toLowerCase(Locale.ROOT)); // "expression alias" without AS
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(names);
    }
}
