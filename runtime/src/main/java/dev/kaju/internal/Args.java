package dev.kaju.internal;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks of the {@code Cache} commands, shared by the synchronous facade and the
 * async view so both refuse the same input with the same message.
 */
final class Args {
  /** Longer waits are cut to this (about 146 years), so deadlines never overflow. */
  private static final long LONGEST_WAIT_NANOS = 1L << 62;

  private Args() {}

  static String key(String key) {
    return Objects.requireNonNull(key, "key");
  }

  static String pattern(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("pattern is empty; use \"*\" to match every key");
    }
    return pattern;
  }

  static @Nullable Duration ttl(@Nullable Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl + "; pass null to store without expiry");
    }
    return ttl;
  }

  static Duration requiredTtl(Duration ttl, String what) {
    Objects.requireNonNull(ttl, what);
    return Objects.requireNonNull(ttl(ttl));
  }

  static int batch(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    return batchSize;
  }

  static void slice(long start, long end, long maxValue) {
    if (start > end) {
      throw new IllegalArgumentException("sliceIncr window start " + start + " is after its end " + end);
    }
    if (maxValue < 1) {
      throw new IllegalArgumentException("sliceIncr maxValue must be positive, was " + maxValue);
    }
  }

  static void bits(int size, long[] indexes) {
    Objects.requireNonNull(indexes, "indexes");
    if (size < 1 || size > 63) {
      throw new IllegalArgumentException("bit counter size must be from 1 to 63, was " + size);
    }
    for (long i : indexes) {
      if (i < 0) {
        throw new IllegalArgumentException("bit index must not be negative, was " + i);
      }
    }
  }

  static String[] members(String[] members) {
    Objects.requireNonNull(members, "members");
    for (int i = 0; i < members.length; i++) {
      Objects.requireNonNull(members[i], "members[" + i + "]");
    }
    return members;
  }

  static int popCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("setPop count must be positive, was " + count);
    }
    return count;
  }

  /** {@code wait} in nanoseconds, cut to about 146 years: {@code Duration.toNanos} throws past 292. */
  static long waitNanos(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, was " + wait);
    }
    return wait.getSeconds() >= LONGEST_WAIT_NANOS / 1_000_000_000L ? LONGEST_WAIT_NANOS : Math.min(wait.toNanos(), LONGEST_WAIT_NANOS);
  }
}
