package dev.kaju.internal.ttl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The one TTL parser of Kaju, shared by the runtime and the annotation processor (which rejects a
 * bad TTL at compile time with the same message).
 *
 * <p>Accepted forms, surrounding whitespace ignored:
 *
 * <ul>
 *   <li>Go style: numbers with the units {@code d h m s ms}, case-insensitive, any subset, summed
 *       ({@code 1d2h3m50s}, {@code 10m}, {@code 1.5h}, {@code 500ms});
 *   <li>plain seconds: {@code 600}, {@code 0.5};
 *   <li>ISO-8601: {@code PT10M}, {@code P1DT2H}.
 * </ul>
 *
 * A TTL must be positive: {@code 0} and negative values are rejected (to store without expiry,
 * pass no TTL).
 */
public final class TtlParser {
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private TtlParser() {}

  /**
   * Parses a TTL.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    Duration d = parseZeroOrMore(text);
    if (d.isZero()) {
      throw new IllegalArgumentException(
          "ttl '" + text + "' must be positive; to store without expiry, give no ttl");
    }
    return d;
  }

  /**
   * Parses a duration in the same forms, allowing zero (for settings where 0 switches a feature
   * off, such as {@code check_interval}).
   */
  public static Duration parseZeroOrMore(String text) {
    Objects.requireNonNull(text, "ttl");
    String s = text.trim();
    if (s.isEmpty()) {
      throw wrong(text, "it is empty");
    }
    Duration d;
    char first = Character.toUpperCase(s.charAt(0));
    if (first == 'P') {
      try {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw wrong(text, "it is not a valid ISO-8601 duration");
      }
    } else {
      d = parseUnits(text, s.toLowerCase(Locale.ROOT));
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          "ttl '" + text + "' must be positive; to store without expiry, give no ttl");
    }
    try {
      d.toNanos(); // every form has the same limit: about 292 years
    } catch (ArithmeticException e) {
      throw wrong(text, "it is too long");
    }
    return d;
  }

  /** Returns {@code null} when {@code text} is a valid TTL, otherwise the parse error message. */
  public static String check(String text) {
    try {
      parse(text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static Duration parseUnits(String original, String s) {
    BigDecimal totalSeconds = BigDecimal.ZERO;
    int i = 0;
    int n = s.length();
    boolean sawUnit = false;
    while (i < n) {
      int start = i;
      while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw wrong(original, "expected a number at '" + s.substring(start) + "'");
      }
      BigDecimal number;
      try {
        number = new BigDecimal(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw wrong(original, "'" + s.substring(start, i) + "' is not a number");
      }
      long unit;
      if (i == n) {
        if (sawUnit) {
          throw wrong(original, "the number '" + s.substring(start) + "' at the end has no unit (d, h, m, s or ms)");
        }
        unit = 1; // plain seconds
      } else {
        char u = s.charAt(i++);
        if (u == 'm' && i < n && s.charAt(i) == 's') {
          i++;
          sawUnit = true;
          totalSeconds = totalSeconds.add(number.movePointLeft(3));
          continue;
        }
        switch (u) {
          case 'd':
            unit = 86_400;
            break;
          case 'h':
            unit = 3_600;
            break;
          case 'm':
            unit = 60;
            break;
          case 's':
            unit = 1;
            break;
          default:
            throw wrong(original, "'" + u + "' is not a unit (d, h, m, s or ms)");
        }
        sawUnit = true;
      }
      totalSeconds = totalSeconds.add(number.multiply(BigDecimal.valueOf(unit)));
    }
    BigDecimal nanos = totalSeconds.multiply(NANOS_PER_SECOND);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw wrong(original, "it is too long");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static IllegalArgumentException wrong(String text, String why) {
    return new IllegalArgumentException(
        "ttl '"
            + text
            + "' has wrong string representation ("
            + why
            + "); use Go style like \"1d2h3m50s\", plain seconds like \"600\", or ISO-8601 like \"PT10M\"");
  }
}
