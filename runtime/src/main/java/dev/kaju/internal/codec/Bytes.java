package dev.kaju.internal.codec;

import java.util.Arrays;

/** Small byte-array helpers shared by the codec classes. */
final class Bytes {
  private Bytes() {}

  /** Whether {@code bytes[from..]} starts with the first {@code length} bytes of {@code prefix}. */
  static boolean startsWith(byte[] bytes, int from, byte[] prefix, int length) {
    return bytes.length - from >= length && Arrays.equals(bytes, from, from + length, prefix, 0, length);
  }

  /** Whether {@code bytes[from..]} starts with {@code prefix}. */
  static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
    return startsWith(bytes, from, prefix, prefix.length);
  }

  /** Printable ASCII of {@code bytes[from..to)}, other bytes as {@code ?}, for messages. */
  static String ascii(byte[] bytes, int from, int to) {
    StringBuilder s = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      s.append(bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '?');
    }
    return s.toString();
  }
}
