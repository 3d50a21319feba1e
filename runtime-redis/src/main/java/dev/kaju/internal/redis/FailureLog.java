package dev.kaju.internal.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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

  FailureLog(System.Logger logger, Duration interval) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
  }

  void warn(String message, @Nullable Throwable error) {
    long now = System.nanoTime();
    long due = next.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
      long more = skipped.getAndSet(0);
      String text = more == 0 ? message : message + " (and " + more + " more since the last report)";
      logger.log(Level.WARNING, text, error);
    } else {
      skipped.incrementAndGet();
    }
  }
}
