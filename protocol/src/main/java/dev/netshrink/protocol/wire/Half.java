package dev.netshrink.protocol.wire;

/**
 * IEEE 754 binary16 conversion (Java 17 has no Float.floatToFloat16). Round-to-nearest-even, with
 * subnormals, infinities and NaN, so fp16 logits decode exactly as PyTorch's half would.
 */
public final class Half {

  private Half() {}

  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
    }
    int halfExp = exp - 127 + 15;
    if (halfExp >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (halfExp <= 0) {
      if (halfExp < -10) {
        return (short) sign;
      }
      int m = mantissa | 0x800000;
      int shift = 14 - halfExp;
      int half = m >> shift;
      int rest = m & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (halfExp << 10) | (mantissa >> 13);
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
      half++; // may carry into the exponent, which is the correct rounding up to infinity
    }
    return (short) (sign | half);
  }

  public static float toFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exp == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mantissa << 13));
  }
}
