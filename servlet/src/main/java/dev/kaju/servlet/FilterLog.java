package dev.kaju.servlet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One filter's warnings, about request headers it ignored or a cache that failed: the first one is
 * logged, then at most one a minute, saying how many were left out in between. A client sending a
 * garbage header on every request, or a backend that is down, fills no log.
 */
final class FilterLog {
  /** What a header value is cut to in the log: enough to recognise it, never a 10k line. */
  static final int SHOWN = 80;

  private static final System.Logger LOGGER = System.getLogger("dev.kaju.servlet");
  private static final long INTERVAL = Duration.ofMinutes(1).toNanos();

  private final String filter;
  private boolean logged;
  private long lastLogged;
  private long skipped;

  FilterLog(String filter) {
    this.filter = filter;
  }

  /** Reports that {@code header}'s {@code value} was ignored because of {@code why}. */
  void ignored(String header, String value, @Nullable String why) {
    warn(filter + ": ignoring the request header " + header + ": " + shown(value) + " (" + why
        + "); the request is served as if it had none", null);
  }

  /** Reports that the cache failed while the filter was {@code doing} something; the request goes on without it. */
  void failed(String doing, RuntimeException error) {
    warn(filter + ": the cache failed " + doing + "; the request is served without it: " + error, error);
  }

  private void warn(String message, @Nullable Throwable error) {
    long more;
    synchronized (this) {
      long now = System.nanoTime();
      if (logged && now - lastLogged < INTERVAL) {
        skipped++;
        return;
      }
      logged = true;
      lastLogged = now;
      more = skipped;
      skipped = 0;
    }
    LOGGER.log(Level.WARNING, more == 0 ? message : message + " (and " + more + " more warnings since the last one)", error);
  }

  /** {@code value} cut to {@link #SHOWN} characters, quoted, control and non-ASCII characters escaped. */
  static String shown(String value) {
    StringBuilder b = new StringBuilder("'");
    int end = Math.min(value.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('\'');
    if (value.length() > SHOWN) {
      b.append("... (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }
}
