package dev.kaju.micrometer;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a warning at most once per interval, counting the ones it skipped: a registry that fails on
 * every call is reported once per interval, never once per call. (The runtime's own is in a package
 * it does not export.)
 */
final class RateLimitedLog {
  private final System.Logger logger;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong skipped = new AtomicLong();

  RateLimitedLog(System.Logger logger, Duration interval) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
  }

  void warn(String message, Throwable error) {
    long now = System.nanoTime();
    long due = next.get();
    if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
      long more = skipped.getAndSet(0);
      logger.log(Level.WARNING, more == 0 ? message : message + " (and " + more + " more since the last report)", error);
    } else {
      skipped.incrementAndGet();
    }
  }
}
