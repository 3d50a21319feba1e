package dev.kaju.processor.validation;

import dev.kaju.Kaju;
import java.time.Duration;

/** TTL texts checked at compile time with the runtime's own parser ({@code Kaju.ttl}), so both agree. */
final class Ttls {
  private Ttls() {}

  /** What is wrong with {@code text} as a TTL, or {@code null} when it is a valid, positive TTL. */
  static String check(String text) {
    try {
      Kaju.ttl(text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The TTL {@code text} stands for; {@link #check} it first. */
  static Duration parse(String text) {
    return Kaju.ttl(text);
  }
}
