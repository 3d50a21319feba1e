package dev.kaju;

import dev.kaju.internal.setup.Options;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Setup options in Java form: the same options as the URL query parameters, checked when set.
 *
 * <pre>{@code
 * cache.setup("mem://", Settings.builder().size(10_000).checkInterval(Duration.ofSeconds(5)).build());
 * cache.setup("mem://?size=500", Settings.builder().prefix("user").build());
 * }</pre>
 *
 * An option given both in the URL and here fails at setup rather than one silently winning.
 */
public final class Settings {
  private static final Settings DEFAULTS = builder().build();

  private final String prefix;
  private final Map<String, String> options;
  private final List<Middleware> middlewares;
  private final Ticker ticker;
  private final Clock clock;
  private final @Nullable Executor executor;
  private final @Nullable ScheduledExecutorService scheduler;

  private Settings(Builder b) {
    this.prefix = b.prefix;
    this.options = Map.copyOf(b.options);
    this.middlewares = List.copyOf(b.middlewares);
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.executor = b.executor;
    this.scheduler = b.scheduler;
  }

  /** No prefix, no options, no middlewares, the system ticker. */
  public static Settings defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Keys starting with this prefix go to the backend being set up; {@code ""} is the default backend. */
  public String prefix() {
    return prefix;
  }

  /** Backend options by URL name, as text (checked again against the backend at setup). */
  public Map<String, String> options() {
    return options;
  }

  public List<Middleware> middlewares() {
    return middlewares;
  }

  public Ticker ticker() {
    return ticker;
  }

  /** Wall-clock time, for backends whose expiry times outlive the process (disk). */
  public Clock clock() {
    return clock;
  }

  /** Builds {@link Settings}; each setter checks its value at once. */
  /** The executor given to {@link Builder#executor}, or {@code null} for Kaju's shared threads. */
  public @Nullable Executor executor() {
    return executor;
  }

  /** The scheduler given to {@link Builder#scheduler}, or {@code null} for Kaju's shared threads. */
  public @Nullable ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public static final class Builder {
    private String prefix = "";
    private final Map<String, String> options = new LinkedHashMap<>();
    private List<Middleware> middlewares = List.of();
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private @Nullable Executor executor;
    private @Nullable ScheduledExecutorService scheduler;

    private Builder() {}

    /** Routes keys starting with {@code prefix} to this backend (longest matching prefix wins). */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** {@code enable=false} sets the backend up with every command disabled. */
    public Builder enable(boolean enable) {
      return option("enable", Boolean.toString(enable));
    }

    /** Memory: the maximum number of entries ({@code size}, default 1000). */
    public Builder size(long size) {
      return option("size", Long.toString(size));
    }

    /**
     * Memory: how often expired entries are purged in the background ({@code check_interval},
     * default 1s); {@code Duration.ZERO} switches the sweep off.
     */
    public Builder checkInterval(Duration interval) {
      Objects.requireNonNull(interval, "checkInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("check_interval must not be negative, was " + interval);
      }
      return option("check_interval", interval.toString());
    }

    /** The time source for TTLs (tests pass a fake ticker). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The wall clock for backends that store absolute expiry times shared by processes and
     * restarts (disk); tests pass a fake one.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where this backend's async scans run ({@code cache.async().scan}, {@code getMatch} on a
     * backend doing I/O, whose cursor walk blocks). By default a shared pool of two daemon {@code
     * kaju-async-N} threads, stopped when the last cache closes. An executor given here stays
     * yours: Kaju never shuts it down.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Where this backend's timed work runs: the memory backend's sweep, the retries of {@code
     * cache.async().lock} and {@code isLocked} with a wait. By default shared daemon {@code kaju-}
     * threads, stopped when the last cache closes. A scheduler given here stays yours: Kaju never
     * shuts it down.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Middlewares around every command of this backend, the first outermost. */
    public Builder middlewares(Middleware... middlewares) {
      for (int i = 0; i < middlewares.length; i++) {
        Objects.requireNonNull(middlewares[i], "middlewares[" + i + "]");
      }
      this.middlewares = Arrays.asList(middlewares.clone());
      return this;
    }

    /**
     * Any option by its URL name, e.g. {@code option("size", "500")}. The name must be an option of
     * some installed backend and the value must parse; whether this backend takes it is checked at
     * setup.
     */
    public Builder option(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, name);
      Options.checkKnown(name, value);
      options.put(name, value);
      return this;
    }

    public Settings build() {
      return new Settings(this);
    }
  }
}
