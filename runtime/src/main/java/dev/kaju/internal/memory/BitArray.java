package dev.kaju.internal.memory;

import dev.kaju.spi.BitCounters;

/**
 * The memory backend's bit array: {@link BitCounters} shared by concurrent readers, so every access
 * synchronizes on the instance (writes happen inside the backend's per-key compute).
 */
final class BitArray {
  private final BitCounters counters = new BitCounters(new long[1]);

  synchronized long get(long index, int size) {
    return counters.get(index, size);
  }

  synchronized long incr(long index, int size, long by) {
    return counters.incr(index, size, by);
  }

  synchronized long sizeInBytes() {
    return counters.words().length * 8L;
  }

  /** Checks that {@code size} and the indexes fit, naming the culprit. */
  static void check(int size, long... indexes) {
    BitCounters.check(size, indexes);
  }

  /** Bits as text, most significant first, for tests ({@code "100010"}). */
  synchronized String toBinaryString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = length - 1; i >= 0; i--) {
      sb.append(counters.get(i, 1));
    }
    return sb.toString();
  }

  /** The inverse of {@link #toBinaryString}, for tests. */
  static BitArray fromBinaryString(String bits) {
    BitArray a = new BitArray();
    for (int i = 0; i < bits.length(); i++) {
      if (bits.charAt(bits.length() - 1 - i) == '1') {
        a.incr(i, 1, 1);
      }
    }
    return a;
  }
}
