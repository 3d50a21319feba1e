package dev.kaju.spi;

import java.util.Arrays;

/**
 * Saturating counters of {@code size} bits packed in longs, for backends implementing
 * {@link Backend#incrBits} and {@link Backend#getBits} (bloom filters): counter {@code i} occupies
 * bits {@code [i*size, i*size+size)}, bit 0 the least significant, as Redis {@code BITFIELD
 * u<size>} with {@code OVERFLOW SAT}. The array grows as higher counters are written. Not
 * thread-safe: use it under the entry's lock (or synchronize).
 */
public final class BitCounters {
  /** As Redis strings: 2^32 bits. */
  public static final long MAX_BITS = 1L << 32;

  private long[] words;

  /** Counters over {@code words} (used, not copied); an empty array starts empty counters. */
  public BitCounters(long[] words) {
    this.words = words.length == 0 ? new long[1] : words;
  }

  /** The words, possibly a larger array than the one given if counters grew. */
  public long[] words() {
    return words;
  }

  /** The counter of {@code size} bits at {@code index}; 0 past the end. */
  public long get(long index, int size) {
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

  /** Adds {@code by} to the counter, saturating at 0 and {@code 2^size - 1}; returns its new value. */
  public long incr(long index, int size, long by) {
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
  public static void check(int size, long... indexes) {
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
