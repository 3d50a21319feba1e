package dev.kaju.servlet;

import java.util.Locale;

/**
 * The directives of a request's {@code Cache-Control} (RFC 9111 section 5.2.1) that {@link
 * CacheControlFilter} acts on; the others ({@code max-stale}, {@code only-if-cached}, extensions)
 * are read past and ignored.
 *
 * @param noCache {@code no-cache}: do not answer from the cache
 * @param noStore {@code no-store}: do not answer from the cache nor store
 * @param maxAge {@code max-age} in seconds, {@link #NO_MAX_AGE} when absent
 */
record RequestDirectives(boolean noCache, boolean noStore, long maxAge) {
  static final long NO_MAX_AGE = -1;

  /** What RFC 9111 says a {@code max-age} too large to represent counts as: 2^31 seconds. */
  static final long LONGEST = 1L << 31;

  static final RequestDirectives NONE = new RequestDirectives(false, false, NO_MAX_AGE);

  /**
   * Parses a {@code Cache-Control} value.
   *
   * @throws IllegalArgumentException saying what is malformed: a {@code max-age} that is not a
   *     number of seconds, two different {@code max-age}, broken syntax, a value longer than {@link
   *     HeaderScanner#MAX_LENGTH}
   */
  static RequestDirectives parse(String value) {
    HeaderScanner in = new HeaderScanner(value);
    boolean noCache = false;
    boolean noStore = false;
    long maxAge = NO_MAX_AGE;
    while (in.next()) {
      String name = in.token().toLowerCase(Locale.ROOT);
      String argument = in.take('=') ? in.tokenOrQuoted() : null;
      in.endOfElement();
      switch (name) {
        case "no-cache":
          noCache = true;
          break;
        case "no-store":
          noStore = true;
          break;
        case "max-age":
          long seconds = seconds(argument);
          if (maxAge != NO_MAX_AGE && maxAge != seconds) {
            throw new IllegalArgumentException("two different max-age");
          }
          maxAge = seconds;
          break;
        default: // not ours
      }
    }
    return new RequestDirectives(noCache, noStore, maxAge);
  }

  private static long seconds(@org.jspecify.annotations.Nullable String argument) {
    if (argument == null || argument.isEmpty() || !argument.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("max-age must be a number of seconds, 0 or more");
    }
    return argument.length() > 10 ? LONGEST : Math.min(Long.parseLong(argument), LONGEST);
  }

  /** Whether cached methods must not answer from the cache: {@code no-cache}, {@code no-store}, {@code max-age=0}. */
  boolean skipsReads() {
    return noCache || skipsStores();
  }

  /** Whether cached methods must not store: {@code no-store}, {@code max-age=0}. */
  boolean skipsStores() {
    return noStore || maxAge == 0;
  }
}
