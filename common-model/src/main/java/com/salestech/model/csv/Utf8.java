package com.salestech.model.csv;

/** UTF-8 checks on byte ranges, without decoding. */
final class Utf8 {

  private Utf8() {}

  /** Whether {@code [from, to)} is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
  static boolean isValid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int extra;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        extra = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        extra = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        extra = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + extra >= to) {
        return false;
      }
      int cp = c & (0x3F >> extra);
      for (int k = 1; k <= extra; k++) {
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += extra + 1;
    }
    return true;
  }

  /** A length at most {@code length} that does not cut a multi-byte character in two. */
  static int safeCut(byte[] b, int length) {
    int end = length;
    int back = 0;
    while (end > 0 && back < 3 && (b[end - 1] & 0xC0) == 0x80) {
      end--;
      back++;
    }
    if (end > 0 && (b[end - 1] & 0x80) != 0) {
      int lead = b[end - 1] & 0xFF;
      int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
      return need == back ? length : end - 1;
    }
    return length;
  }
}
