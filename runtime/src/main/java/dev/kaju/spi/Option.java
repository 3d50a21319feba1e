package dev.kaju.spi;

import dev.kaju.internal.ttl.TtlParser;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One setup option: its name as written in a URL query ({@code check_interval}), its type, its
 * default and a one-line description. Parsing a value checks it and names the option on failure.
 */
public final class Option {

  /** The value types options can have. */
  public enum Type {
    /** A whole number greater than zero. */
    POSITIVE_LONG("a whole number greater than 0"),
    /** A whole number, zero or more. */
    NON_NEGATIVE_LONG("a whole number, 0 or more"),
    /** A TTL: {@code 10s}, {@code 1m30s}, {@code 600}, {@code PT10M}. */
    DURATION("a duration such as 10s, 1m30s, 600 (seconds) or PT10M"),
    /** A duration, or {@code 0} to switch the feature off. */
    DURATION_OR_ZERO("a duration such as 1s, 0.5 (seconds) or PT0.5S, or 0 to switch it off"),
    /** {@code true}/{@code 1} or {@code false}/{@code 0}. */
    BOOLEAN("true, false, 1 or 0"),
    /** Any text. */
    STRING("text");

    private final String expected;

    Type(String expected) {
      this.expected = expected;
    }

    /** What a valid value looks like, for messages. */
    public String expected() {
      return expected;
    }
  }

  private final String name;
  private final Type type;
  private final @Nullable String defaultValue;
  private final String description;

  private Option(String name, Type type, @Nullable String defaultValue, String description) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description, "description");
    if (defaultValue != null) {
      parse(defaultValue);
    }
  }

  public static Option of(String name, Type type, @Nullable String defaultValue, String description) {
    return new Option(name, type, defaultValue, description);
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public @Nullable String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * Parses {@code value} to a {@code Long}, {@code Duration} ({@code Duration.ZERO} for "off"),
   * {@code Boolean} or {@code String}.
   *
   * @throws IllegalArgumentException naming the option, the value and what would be valid
   */
  public Object parse(String value) {
    Objects.requireNonNull(value, name);
    String v = value.trim();
    switch (type) {
      case POSITIVE_LONG:
      case NON_NEGATIVE_LONG:
        long n;
        try {
          n = Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw invalid(value);
        }
        if (n < 0 || (n == 0 && type == Type.POSITIVE_LONG)) {
          throw new IllegalArgumentException(
              name + " must be " + (type == Type.POSITIVE_LONG ? "positive" : "0 or more") + ", was " + value);
        }
        return n;
      case DURATION:
        try {
          return TtlParser.parse(v);
        } catch (IllegalArgumentException e) {
          throw invalid(value);
        }
      case DURATION_OR_ZERO:
        try {
          return TtlParser.parseZeroOrMore(v);
        } catch (IllegalArgumentException e) {
          throw invalid(value);
        }
      case BOOLEAN:
        switch (v.toLowerCase(Locale.ROOT)) {
          case "true":
          case "1":
            return Boolean.TRUE;
          case "false":
          case "0":
            return Boolean.FALSE;
          default:
            throw invalid(value);
        }
      case STRING:
        return value;
      default:
        throw new AssertionError(type);
    }
  }

  private IllegalArgumentException invalid(String value) {
    String shown = dev.kaju.internal.setup.SetupUrl.sensitive(name) ? "***" : value; // never echo a secret
    return new IllegalArgumentException(
        "bad value '" + shown + "' for option " + name + ": expected " + type.expected());
  }

  @Override
  public String toString() {
    return name + " (" + type.expected() + (defaultValue == null ? "" : ", default " + defaultValue) + ")";
  }
}
