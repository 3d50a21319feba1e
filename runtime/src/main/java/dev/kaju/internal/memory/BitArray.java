package dev.kaju.internal.memory;

import java.util.Arrays;

/**
 * Saturating counters of {@code size} bits packed in longs: counter {@code i} occupies bits
 * {@code [i*size, i*size+size)}, bit 0 being the least significant (as cashews' {@code Bitarray}
 * and Redis {@code BITFIELD u<size>} with {@code OVERFLOW SAT}). It grows as higher counters are
 * written. Mutated only inside the backend's per-key compute; reads synchronize on the instance.
 */
final class BitArray {
  /** Redis strings stop at 512 MB: 2^32 bits. */
  static final long MAX_BITS = 1L << 32;

  private long[] words = new long[1];

  synchronized long get(long index, int size) {
    long first = index * size;
    long value = 0;
    for (int b = 0; b < size; b++) {
      long bit = first + b;
      int w = (int) (bit >>> 6);
      if (w < words.length && (words[w] & (1L << (bit & 63))) != 0) {
        value |= 1L << b;
      }
    }
    return value;
  }

  synchronized long incr(long index, int size, long by) {
    long max = size == 63 ? Long.MAX_VALUE : (1L << size) - 1;
    long current = get(index, size);
    long next;
    if (by >= 0) {
      next = by > max - current ? max : current + by;
    } else {
      next = Math.max(0, current + by); // current >= 0 and by < 0: no overflow
    }
    long first = index * size;
    ensure(first + size);
    for (int b = 0; b < size; b++) {
      long bit = first + b;
      int w = (int) (bit >>> 6);
      long mask = 1L << (bit & 63);
      if ((next & (1L << b)) != 0) {
        words[w] |= mask;
      } else {
        words[w] &= ~mask;
      }
    }
    return next;
  }

  private void ensure(long bits) {
    int needed = (int) ((bits + 63) >>> 6);
    if (needed > words.length) {
      words = Arrays.copyOf(words, Math.max(needed, Math.min(words.length * 2, (int) (MAX_BITS >>> 6))));
    }
  }

  synchronized long sizeInBytes() {
    return words.length * 8L;
  }

  /** Checks that {@code size} and the indexes fit, naming the culprit. */
  static void check(int size, long... indexes) {
    if (size < 1 || size > 63) {
      throw new IllegalArgumentException("bit counter size must be from 1 to 63, was " + size);
    }
    for (long index : indexes) {
      if (index < 0) {
        throw new IllegalArgumentException("bit index must not be negative, was " + index);
      }
      if (index >= MAX_BITS / size) {
        throw new IllegalArgumentException(
            "bit index " + index + " with size " + size + " is past the 2^32-bit limit of a bit array");
      }
    }
  }

  /** Bits as text, most significant first, for tests ({@code "100010"}). */
  synchronized String toBinaryString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = length - 1; i >= 0; i--) {
      sb.append(get(i, 1));
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
