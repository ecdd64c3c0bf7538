package dev.treeline.deployer.endpoint;

/**
 * The float functions XGBoost's native predictor calls, reproduced operation by operation so that Java
 * answers carry the same bits.
 *
 * <p>XGBoost's {@code common::Sigmoid(float)} calls C's {@code expf}. On Linux that is glibc's expf (the
 * Arm optimized-routines algorithm: a 32-entry table of 2^(i/32) and a cubic polynomial, evaluated in
 * double, rounded once to float). Its result is within 0.502 ulp, so on rare inputs it differs by one ulp
 * from a correctly rounded {@code (float) Math.exp(x)}. On x86-64 CPUs with FMA glibc selects a build of
 * the same code compiled with {@code -mfma}, whose contracted multiply-adds round differently again.
 * {@link #expfFma(float)} and {@link #expf(float)} are those two builds; which one the running libm is, is
 * decided by {@link ForestVerifier} against the Booster's own answers (and was checked exhaustively on
 * the build machine: see the README's model cache section).
 */
public final class FloatMath {

    private static final int TABLE_BITS = 5;
    private static final int N = 1 << TABLE_BITS;
    /** tab[i] = bits(2^(i/N)) - (i << (52 - TABLE_BITS)), glibc's __exp2f_data.tab. */
    private static final long[] TAB = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
    };
    private static final double SHIFT = 0x1.8p+52;
    private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
    private static final double C0 = 0x1.c6af84b912394p-5 / N / N / N;
    private static final double C1 = 0x1.ebfce50fac4f3p-3 / N / N;
    private static final double C2 = 0x1.62e42ff0c52d6p-1 / N;
    private static final int TOP12_88 = top12(88.0f);
    private static final int TOP12_INF = top12(Float.POSITIVE_INFINITY);

    private FloatMath() {
    }

    /** Which expf XGBoost's {@code Sigmoid} ends up calling; chosen by verification. */
    public enum Exp {
        /** glibc's expf as built with FMA contraction (x86-64 with FMA, aarch64). */
        GLIBC_FMA,
        /** glibc's expf without FMA. */
        GLIBC,
        /** A correctly rounded expf (musl-free platforms, other libms). */
        CORRECTLY_ROUNDED;

        public float exp(float x) {
            return switch (this) {
                case GLIBC_FMA -> expfFma(x);
                case GLIBC -> expf(x);
                case CORRECTLY_ROUNDED -> (float) Math.exp(x);
            };
        }
    }

    /** XGBoost's {@code common::Sigmoid(float)}: {@code 1 / (expf(min(-x, 88.7)) + 1 + 1e-16)} in float. */
    public static float sigmoid(float x, Exp exp) {
        float negated = Math.min(-x, 88.7f); // std::min(-x, 88.7f): NaN stays NaN in both
        float denom = exp.exp(negated) + 1.0f + 1e-16f;
        return 1.0f / denom;
    }

    /**
     * XGBoost's {@code common::Softmax} over {@code margins[0, k)} into {@code out[offset, offset + k)}: the maximum by
     * {@code fmaxf}, each {@code expf(x - max)} in float, their sum in double, each divided by the sum cast to float.
     */
    public static void softmax(float[] margins, int k, Exp exp, float[] out, int offset) {
        float max = margins[0];
        for (int i = 1; i < k; i++) {
            float x = margins[i];
            if (x > max || max != max) {
                max = x; // fmaxf: a NaN operand yields the other one
            }
        }
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            float e = exp.exp(margins[i] - max);
            out[offset + i] = e;
            sum += e;
        }
        float total = (float) sum;
        for (int i = 0; i < k; i++) {
            out[offset + i] /= total;
        }
    }

    /** glibc expf, FMA build: the polynomial's multiply-adds and the range reduction are contracted. */
    public static float expfFma(float x) {
        float special = special(x);
        if (special == special || Float.isNaN(x)) {
            return special;
        }
        double xd = x;
        double kd = Math.fma(INV_LN2_N, xd, SHIFT);
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = Math.fma(INV_LN2_N, xd, -kd);
        return finish(ki, r, true);
    }

    /** glibc expf, plain build (no FMA). */
    public static float expf(float x) {
        float special = special(x);
        if (special == special || Float.isNaN(x)) {
            return special;
        }
        double xd = x;
        double z = INV_LN2_N * xd;
        double kd = z + SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = z - kd;
        return finish(ki, r, false);
    }

    private static float finish(long ki, double r, boolean fma) {
        long t = TAB[(int) (ki & (N - 1))];
        t += ki << (52 - TABLE_BITS);
        double s = Double.longBitsToDouble(t);
        double y;
        if (fma) {
            double z = Math.fma(C0, r, C1);
            double r2 = r * r;
            y = Math.fma(C2, r, 1.0);
            y = Math.fma(z, r2, y);
        } else {
            double z = C0 * r + C1;
            double r2 = r * r;
            y = C2 * r + 1.0;
            y = z * r2 + y;
        }
        return (float) (y * s);
    }

    /** glibc's special cases (|x| >= 88 or NaN); returns NaN when x takes the normal path. */
    private static float special(float x) {
        if (Float.isNaN(x)) {
            return x + x;
        }
        int abstop = top12(x) & 0x7ff;
        if (abstop < TOP12_88) {
            return Float.NaN;
        }
        if (x == Float.NEGATIVE_INFINITY) {
            return 0.0f;
        }
        if (abstop >= TOP12_INF) {
            return x + x;
        }
        if (x > 0x1.62e42ep6f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -0x1.9fe368p6f) {
            return 0.0f;
        }
        return Float.NaN;
    }

    private static int top12(float x) {
        return Float.floatToRawIntBits(x) >>> 20;
    }
}
