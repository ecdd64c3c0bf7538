package dev.treeline.deployer.invocation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code text/csv} rows parsed straight from the body bytes into one float array: one row per line (a
 * trailing {@code \r} is dropped, empty lines are skipped), fields separated by commas and trimmed, an
 * empty field or {@code nan} is missing (NaN). No per-field strings on the common path.
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

    private float[] values;
    private int size;
    /** rowEnd[r] = index in values after row r. */
    private int[] rowEnd;
    private int rows;

    private CsvRows(int expectedValues) {
        values = new float[Math.max(8, expectedValues)];
        rowEnd = new int[4];
    }

    static CsvRows parse(byte[] body) {
        CsvRows out = new CsvRows(Math.min(body.length / 2 + 1, 1 << 16));
        int length = body.length;
        int start = 0;
        int line = 0;
        while (start < length) {
            int end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (stop > start) {
                out.row(body, start, stop, line);
            }
            start = end + 1;
        }
        if (out.rows == 0) {
            throw InvocationError.validation("request body has no rows: send one row of features per line");
        }
        return out;
    }

    private void row(byte[] body, int start, int stop, int line) {
        int column = 0;
        int from = start;
        for (int i = start; i <= stop; i++) {
            if (i == stop || body[i] == ',') {
                add(number(body, from, i, line, column + 1));
                column++;
                from = i + 1;
            }
        }
        if (rows == rowEnd.length) {
            rowEnd = Arrays.copyOf(rowEnd, rows * 2);
        }
        rowEnd[rows++] = size;
    }

    private void add(float v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    @Override
    public int count() {
        return rows;
    }

    @Override
    public float[] flat(String model, long numFeatures) {
        int previous = 0;
        for (int r = 0; r < rows; r++) {
            int width = rowEnd[r] - previous;
            if (width != numFeatures) {
                throw InvocationError.validation("row " + (r + 1) + " has " + width + " features but model '" + model
                        + "' expects " + numFeatures);
            }
            previous = rowEnd[r];
        }
        return values; // may be longer than rows * numFeatures; readers use the row count
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
