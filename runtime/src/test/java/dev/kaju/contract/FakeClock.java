package dev.kaju.contract;

import dev.kaju.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock tests move by hand (for backends that store absolute expiry times, and strategies
 * that stamp values), which is also a {@link Ticker}: one object given to both {@code
 * Settings.builder().ticker(t).clock(t)} moves memory TTLs and wall-clock stamps together.
 */
public final class FakeClock extends Clock implements Ticker {
  private final AtomicLong nanos = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  @Override
  public long read() {
    return nanos.get();
  }

  public FakeClock advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    return this;
  }
}
