package dev.treeline.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CSV file's header and the PostgreSQL type of each column, inferred from every value: the narrowest of bigint,
 * double precision, boolean, date, timestamp that holds all of them, else text. Empty values are NULL and do not
 * decide; a column with nothing but empty values is text. Header names become SQL identifiers (lower case, other
 * characters replaced by '_').
 */
final class CsvTable {

    enum Type {
        BIGINT("bigint"), DOUBLE("double precision"), BOOLEAN("boolean"), DATE("date"), TIMESTAMP("timestamp"),
        TEXT("text");

        final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    /** @param header the name in the file; {@code name} the SQL identifier it becomes */
    record Column(String header, String name, Type type) {
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?(?:Infinity|inf)|NaN", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOOL = Pattern.compile("true|false", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,6})?)?");
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final List<Column> columns;
    private final long rows;

    private CsvTable(List<Column> columns, long rows) {
        this.columns = columns;
        this.rows = rows;
    }

    List<Column> columns() {
        return columns;
    }

    /** Data rows (the header not counted). */
    long rows() {
        return rows;
    }

    /** Reads the whole file once to infer the types. */
    static CsvTable infer(Reader in, char delimiter) throws IOException {
        CsvReader reader = new CsvReader(in, delimiter);
        List<String> header = reader.next();
        if (header == null || header.isEmpty() || header.stream().allMatch(String::isBlank)) {
            throw new CliException(CliException.BAD_REQUEST, "the file is empty: its first line must name the columns");
        }
        List<String> names = identifiers(header);
        List<EnumSet<Type>> possible = new ArrayList<>();
        header.forEach(h -> possible.add(EnumSet.allOf(Type.class)));
        boolean[] seen = new boolean[header.size()];
        long rows = 0;
        List<String> row;
        while ((row = reader.next()) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // a blank line
            }
            rows++;
            if (row.size() != header.size()) {
                throw new CliException(CliException.BAD_REQUEST, "line " + reader.line() + " has " + row.size()
                        + " values, the header names " + header.size() + " columns");
            }
            for (int i = 0; i < row.size(); i++) {
                String value = row.get(i).strip();
                if (!value.isEmpty()) {
                    seen[i] = true;
                    possible.get(i).retainAll(typesOf(value));
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            Type type = seen[i] ? possible.get(i).iterator().next() : Type.TEXT;
            columns.add(new Column(header.get(i), names.get(i), type));
        }
        return new CsvTable(List.copyOf(columns), rows);
    }

    /** The types a value fits (TEXT always). */
    private static Set<Type> typesOf(String value) {
        Set<Type> types = EnumSet.of(Type.TEXT);
        if (INTEGER.matcher(value).matches()) {
            types.add(Type.BIGINT);
        }
        if (DECIMAL.matcher(value).matches()) {
            types.add(Type.DOUBLE);
        }
        if (BOOL.matcher(value).matches()) {
            types.add(Type.BOOLEAN);
        }
        if (DATE.matcher(value).matches()) {
            types.add(Type.DATE);
        }
        if (TIMESTAMP.matcher(value).matches() || DATE.matcher(value).matches()) {
            types.add(Type.TIMESTAMP);
        }
        return types;
    }

    /** Header names as SQL identifiers: lower case, runs of other characters as '_'; unique. */
    static List<String> identifiers(List<String> header) {
        List<String> names = new ArrayList<>();
        Set<String> unique = new LinkedHashSet<>();
        for (String raw : header) {
            String name = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                    .replaceAll("^_+|_+$", "");
            if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                name = "c_" + name;
            }
            if (name.length() > 63) {
                name = name.substring(0, 63);
            }
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new CliException(CliException.BAD_REQUEST, "column '" + raw + "' of the header has no letters or"
                        + " digits to name a column with");
            }
            if (!unique.add(name)) {
                throw new CliException(CliException.BAD_REQUEST, "two columns of the header are both named '" + name
                        + "' (as SQL identifiers)");
            }
            names.add(name);
        }
        return names;
    }

    /** A small RFC 4180 reader: quoted values may hold the delimiter, quotes ("") and line breaks. */
    static final class CsvReader {
        private final Reader in;
        private final char delimiter;
        private int peeked = -2;
        private long line;

        CsvReader(Reader in, char delimiter) {
            this.in = in;
            this.delimiter = delimiter;
        }

        /** The line the last record started on (1 = the header). */
        long line() {
            return line;
        }

        private int read() throws IOException {
            if (peeked != -2) {
                int c = peeked;
                peeked = -2;
                return c;
            }
            return in.read();
        }

        /** The next record, or null at the end. */
        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            line++;
            List<String> values = new ArrayList<>();
            StringBuilder value = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new CliException(CliException.BAD_REQUEST, "line " + line + ": a quoted value is not"
                                + " closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            value.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        value.append((char) c);
                    }
                } else if (c == '"' && value.isEmpty()) {
                    quoted = true;
                } else if (c == delimiter) {
                    values.add(value.toString());
                    value.setLength(0);
                } else if (c == '\n' || c == -1) {
                    values.add(value.toString());
                    return values;
                } else if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        peeked = after;
                    }
                    values.add(value.toString());
                    return values;
                } else {
                    value.append((char) c);
                }
                c = read();
            }
        }
    }
}
