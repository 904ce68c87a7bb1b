package io.darkroom.models.onnx;

/**
 * IEEE 754 binary16 ("half", ONNX FLOAT16) conversions for Java 17, which has no {@code Float.floatToFloat16}.
 * float32 to half rounds to the nearest representable value, ties to even (what ONNX Runtime's Cast does);
 * magnitudes beyond 65504 (after rounding) become infinity, tiny ones become subnormals or signed zero; NaN stays
 * NaN. Half to float32 is exact.
 */
public final class Half {

    /** The largest finite half. */
    public static final float MAX_VALUE = 65504f;

    private Half() {}

    /** The half nearest to {@code value} (ties to even), as its 16 bits. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            // infinity stays infinity; NaN keeps its top payload bits and is forced quiet so it stays a NaN
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int e = exponent - 127 + 15; // the half's biased exponent
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e > 0) {
            // normal: drop 13 mantissa bits; a carry out of the mantissa rightly bumps the exponent (to infinity
            // from 65520 up)
            return (short) (sign | ((e << 10) + roundShift(mantissa, 13)));
        }
        if (e < -10) {
            // below half the smallest subnormal (2^-25): zero (exactly 2^-25 is a tie that goes to even, zero)
            return (short) sign;
        }
        // subnormal: value = significand * 2^(exponent - 150) = m * 2^-24, so m = significand >> (14 - e)
        int significand = exponent == 0 ? mantissa : mantissa | 0x800000;
        return (short) (sign | roundShift(significand, 14 - e));
    }

    /** The exact float32 value of a half's 16 bits. */
    public static float toFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // exact: at most 10 significant bits
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code value} rounded to half precision and back. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }

    /** {@code v >> shift} rounded to nearest, ties to even ({@code 1 <= shift <= 24}). */
    private static int roundShift(int v, int shift) {
        int q = v >>> shift;
        int rest = v & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (q & 1) == 1)) {
            q++;
        }
        return q;
    }
}
