package dev.kaju.support;

import java.time.Duration;
import java.util.Objects;

/** Checks and shows the durations of the strategy builders. */
final class Durations {
  private Durations() {}

  /** {@code d}, when it is positive; else an exception naming the site and the setting. */
  static Duration positive(String site, Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(site + ": " + what + " must be positive, was " + show(d));
    }
    return d;
  }

  /** {@code d} as a TTL is written: {@code 1h30m}, {@code 10s}, {@code 250ms}. */
  static String show(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return d.toString();
    }
    StringBuilder s = new StringBuilder();
    long seconds = d.getSeconds();
    long days = seconds / 86400;
    long hours = seconds % 86400 / 3600;
    long minutes = seconds % 3600 / 60;
    long secs = seconds % 60;
    long millis = d.getNano() / 1_000_000;
    if (days > 0) {
      s.append(days).append('d');
    }
    if (hours > 0) {
      s.append(hours).append('h');
    }
    if (minutes > 0) {
      s.append(minutes).append('m');
    }
    if (secs > 0) {
      s.append(secs).append('s');
    }
    if (millis > 0 || s.length() == 0) {
      s.append(millis > 0 ? millis + "ms" : d.toString());
    }
    return s.toString();
  }
}
