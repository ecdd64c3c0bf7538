package dev.treeline.deployer.invocation;

import java.nio.charset.StandardCharsets;

import dev.treeline.deployer.endpoint.CategoryDictionary;
import dev.treeline.deployer.endpoint.ModelSchema;

/**
 * {@code text/csv} rows read straight from the body bytes into one float array: one row per line (a trailing
 * {@code \r} is dropped, empty lines are skipped), fields separated by commas and trimmed, an empty field or {@code
 * nan} is missing (NaN). No per-field strings on the common path. The body is read for a model once its schema is
 * known ({@link #flat}): a categorical feature's field is a raw value looked up in the model's dictionary (exact
 * match after trimming; a value the model never saw is missing and counted, see {@link #unseen()}); a field may be
 * quoted ({@code "a, b"}, {@code ""} for a quote inside, kept exactly as written).
 *
 * <p>Numbers: a plain decimal ({@code -12.345}, at most 15 significant digits, no exponent) is converted
 * as {@code m / 10^k} in double, which is exact-then-correctly-rounded, and then to float, which is the
 * correctly rounded float (what {@code Float.parseFloat} returns) unless the double lies exactly halfway
 * between two floats; that case, and every other spelling (exponents, hex, long digit strings, errors),
 * goes through {@code Float.parseFloat} exactly as before.
 */
final class CsvRows implements FeatureRows {

    private static final double[] POW10 = new double[23];
    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10; // exact up to 10^22
        }
    }

    private final byte[] body;
    private final int rows;
    /** Unseen categorical values of the last {@link #flat} per feature position; null when there were none. */
    private int[] unseen;
    /** Fields per row of the model {@link #flat} reads for. */
    private int width;

    private CsvRows(byte[] body, int rows) {
        this.body = body;
        this.rows = rows;
    }

    /** Counts the rows; the fields are read by {@link #flat} against the model's schema. */
    static CsvRows parse(byte[] body) {
        int rows = 0;
        int start = 0;
        int length = body.length;
        while (start < length) {
            int end = lineEnd(body, start);
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (stop > start) {
                rows++;
            }
            start = end + 1;
        }
        if (rows == 0) {
            throw InvocationError.validation("request body has no rows: send one row of features per line");
        }
        return new CsvRows(body, rows);
    }

    private static int lineEnd(byte[] body, int from) {
        int end = from;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        return end;
    }

    @Override
    public int count() {
        return rows;
    }

    @Override
    public int[] unseen() {
        return unseen;
    }

    @Override
    public float[] flat(String model, ModelSchema schema) {
        int width = schema.numFeatures();
        this.width = width;
        float[] values = new float[Math.toIntExact((long) rows * width)];
        unseen = null;
        byte[] b = body;
        int start = 0;
        int line = 0;
        int row = 0;
        while (start < b.length) {
            int end = lineEnd(b, start);
            line++;
            int stop = end > start && b[end - 1] == '\r' ? end - 1 : end;
            if (stop > start) {
                int fields = row(b, start, stop, line, schema, values, row * width);
                if (fields != width) {
                    throw InvocationError.validation("row " + (row + 1) + " has " + fields + " features but model '"
                            + model + "' expects " + width);
                }
                row++;
            }
            start = end + 1;
        }
        return values;
    }

    /** Number of fields in {@code b[start, stop)}; commas inside quotes do not count. */
    private static int fieldCount(byte[] b, int start, int stop, int line) {
        int fields = 1;
        boolean quoted = false;
        for (int i = start; i < stop; i++) {
            byte c = b[i];
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (c == ',' && !quoted) {
                fields++;
            }
        }
        if (quoted) {
            throw InvocationError.validation("line " + line + ": a quoted field is not closed");
        }
        return fields;
    }

    /**
     * Reads one row's fields into {@code out[offset ..]}; returns how many fields the row has (a row longer than the
     * model's width is counted, not read on).
     */
    private int row(byte[] b, int start, int stop, int line, ModelSchema schema, float[] out, int offset) {
        int column = 0;
        int from = start;
        while (true) {
            if (column == width) {
                return column + fieldCount(b, from, stop, line);
            }
            int i = from;
            while (i < stop && (b[i] & 0xff) <= ' ') {
                i++;
            }
            if (i < stop && b[i] == '"') {
                from = quoted(b, i, stop, line, column, schema, out, offset);
            } else {
                int end = i;
                while (end < stop && b[end] != ',') {
                    end++;
                }
                out[offset + column] = value(b, from, end, line, column, schema);
                from = end;
            }
            column++;
            if (from >= stop) {
                return column;
            }
            from++; // past the comma
        }
    }

    /** Reads the quoted field opening at {@code open}; returns the index of the comma after it (or stop). */
    private int quoted(byte[] b, int open, int stop, int line, int column, ModelSchema schema, float[] out,
            int offset) {
        int i = open + 1;
        boolean escaped = false;
        while (true) {
            if (i >= stop) {
                throw InvocationError.validation("line " + line + ", column " + (column + 1)
                        + ": the quoted field is not closed");
            }
            if (b[i] == '"') {
                if (i + 1 < stop && b[i + 1] == '"') {
                    escaped = true;
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        int close = i;
        int after = close + 1;
        while (after < stop && (b[after] & 0xff) <= ' ') {
            after++;
        }
        if (after < stop && b[after] != ',') {
            throw InvocationError.validation("line " + line + ", column " + (column + 1)
                    + ": text after the closing quote");
        }
        byte[] text = b;
        int from = open + 1;
        int to = close;
        if (escaped) { // rare: copy with each doubled quote made one
            text = new byte[close - from];
            int n = 0;
            for (int k = from; k < close; k++) {
                text[n++] = b[k];
                if (b[k] == '"') {
                    k++;
                }
            }
            from = 0;
            to = n;
        }
        CategoryDictionary dictionary = schema.dictionary(column);
        out[offset + column] = dictionary == null ? number(text, from, to, line, column + 1)
                : category(dictionary, text, from, to, column);
        return after;
    }

    private float value(byte[] b, int from, int to, int line, int column, ModelSchema schema) {
        CategoryDictionary dictionary = schema.dictionary(column);
        if (dictionary == null) {
            return number(b, from, to, line, column + 1);
        }
        while (from < to && (b[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (b[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return category(dictionary, b, from, to, column);
    }

    /** The code of a raw categorical value; missing (empty, nan) and unseen values are NaN, unseen ones counted. */
    private float category(CategoryDictionary dictionary, byte[] b, int from, int to, int column) {
        int code = dictionary.code(b, from, to);
        if (code >= 0) {
            return code;
        }
        if (from == to || (to - from == 3 && (b[from] | 0x20) == 'n' && (b[from + 1] | 0x20) == 'a'
                && (b[from + 2] | 0x20) == 'n')) {
            return Float.NaN; // missing, as in training
        }
        if (unseen == null) {
            unseen = new int[width];
        }
        unseen[column]++;
        return Float.NaN;
    }

    static float number(byte[] b, int from, int to, int line, int column) {
        while (from < to && (b[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (b[to - 1] & 0xff) <= ' ') {
            to--;
        }
        if (from == to) {
            return Float.NaN; // missing value, as XGBoost treats it
        }
        float fast = plainDecimal(b, from, to);
        if (fast == fast) {
            return fast;
        }
        return RequestParser.number(new String(b, from, to - from, StandardCharsets.UTF_8), line, column);
    }

    /** The float of a plain decimal, or NaN when the field needs the general parser. */
    static float plainDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int fraction = 0;
        boolean dot = false;
        boolean digits = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                digits = true;
                if (mantissa != 0 || c != '0') {
                    if (++significant > 15) {
                        return Float.NaN;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                }
                if (dot && ++fraction > 22) {
                    return Float.NaN;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Float.NaN;
            }
        }
        if (!digits) {
            return Float.NaN;
        }
        double d = mantissa / POW10[fraction];
        float f = (float) d;
        if (Float.isInfinite(f)) {
            return Float.NaN;
        }
        double back = f;
        if (back != d) {
            float other = d > back ? Math.nextUp(f) : Math.nextDown(f);
            if ((back + other) / 2 == d) {
                return Float.NaN; // exactly halfway: double rounding could pick the wrong float
            }
        }
        return negative ? -f : f;
    }
}
