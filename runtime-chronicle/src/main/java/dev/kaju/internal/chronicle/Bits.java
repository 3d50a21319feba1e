package dev.kaju.internal.chronicle;

import java.util.Arrays;

/**
 * Saturating counters of {@code size} bits packed in longs, the same layout as the memory
 * backend's bit arrays and Redis {@code BITFIELD u<size>} with {@code OVERFLOW SAT}: counter
 * {@code i} occupies bits {@code [i*size, i*size+size)}, bit 0 the least significant. Used only
 * inside one entry's lock, on a copy of the stored words.
 */
final class Bits {
  /** As Redis strings: 2^32 bits. */
  static final long MAX_BITS = 1L << 32;

  private long[] words;

  Bits(long[] words) {
    this.words = words.length == 0 ? new long[1] : words;
  }

  long[] words() {
    return words;
  }

  long get(long index, int size) {
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

  long incr(long index, int size, long by) {
    long max = size == 63 ? Long.MAX_VALUE : (1L << size) - 1;
    long current = get(index, size);
    long next;
    if (by >= 0) {
      next = by > max - current ? max : current + by;
    } else {
      next = Math.max(0, current + by);
    }
    long first = index * size;
    int needed = (int) ((first + size + 63) >>> 6);
    if (needed > words.length) {
      words = Arrays.copyOf(words, needed);
    }
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

  /** Checks that {@code size} and the indexes fit, naming the culprit (the memory backend's rules). */
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
}
