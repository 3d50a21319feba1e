package dev.kaju.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Logs a warning at most once per interval, counting the ones it skipped (never once per call). */
public final class RateLimitedLog {
  private final System.Logger logger;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong skipped = new AtomicLong();

  public RateLimitedLog(System.Logger logger, Duration interval) {
    this.logger = logger;
    this.intervalNanos = interval.toNanos();
  }

  /**
   * Logs {@code message}, with {@code error}'s stack trace when there is one, unless a warning was
   * logged less than an interval ago.
   */
  public void warn(String message, @Nullable Throwable error) {
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
