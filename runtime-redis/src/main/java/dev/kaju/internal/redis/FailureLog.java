package dev.kaju.internal.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Logs a warning at most once per interval and counts the ones it skipped, so a Redis outage
 * gives one line per interval, not one per call. (The runtime has its own in an internal package
 * that this module cannot read on the module path.)
 */
final class FailureLog {
  private final System.Logger logger;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong skipped = new AtomicLong();
  private final UnaryOperator<String> redact;

  FailureLog(System.Logger logger, Duration interval) {
    this(logger, interval, UnaryOperator.identity());
  }

  /** @param redact removes credentials and secrets from each message before it is logged */
  FailureLog(System.Logger logger, Duration interval, UnaryOperator<String> redact) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
    this.redact = redact;
  }

  void warn(String message, @Nullable Throwable error) {
    long now = System.nanoTime();
    long due = next.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
      long more = skipped.getAndSet(0);
      String text = redact.apply(more == 0 ? message : message + " (and " + more + " more since the last report)");
      // the stack trace is left out when its messages would quote a secret
      Throwable shown = error == null || quotesSecret(error) ? null : error;
      logger.log(Level.WARNING, shown == error ? text : text + " (" + redact.apply(String.valueOf(error)) + ")", shown);
    } else {
      skipped.incrementAndGet();
    }
  }

  private boolean quotesSecret(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (!redact.apply(m).equals(m)) {
        return true;
      }
    }
    return false;
  }
}
