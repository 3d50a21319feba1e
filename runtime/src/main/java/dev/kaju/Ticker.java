package dev.kaju;

/**
 * A time source in nanoseconds, as Caffeine's {@code Ticker}. The memory backend measures TTLs with
 * it; tests pass a fake one to {@code Settings.Builder#ticker} so expiry is exact and instant.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences matter. */
  long read();

  /** The system ticker, {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
