package dev.kaju.spi;

import dev.kaju.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BackendFactory} gets to build a backend: the parsed setup URL and the validated
 * options (URL query parameters and {@code Settings} merged, defaults filled in).
 */
public final class BackendConfig {
  private final String scheme;
  private final String address;
  private final @Nullable String host;
  private final int port;
  private final String path;
  private final @Nullable String userInfo;
  private final Map<String, Object> options;
  private final Ticker ticker;
  private final Clock clock;
  private final String prefix;
  private final @Nullable ScheduledExecutorService scheduler;

  public BackendConfig(
      String scheme,
      String address,
      @Nullable String host,
      int port,
      String path,
      @Nullable String userInfo,
      Map<String, Object> options,
      Ticker ticker,
      Clock clock) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.address = Objects.requireNonNull(address, "address");
    this.host = host;
    this.port = port;
    this.path = Objects.requireNonNull(path, "path");
    this.userInfo = userInfo;
    this.options = Map.copyOf(options);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.prefix = "";
    this.scheduler = null;
  }

  private BackendConfig(BackendConfig base, String prefix, @Nullable ScheduledExecutorService scheduler) {
    this.scheme = base.scheme;
    this.address = base.address;
    this.host = base.host;
    this.port = base.port;
    this.path = base.path;
    this.userInfo = base.userInfo;
    this.options = base.options;
    this.ticker = base.ticker;
    this.clock = base.clock;
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.scheduler = scheduler;
  }

  /** This configuration for a backend routed by {@code prefix} ({@code ""}: the default route). */
  public BackendConfig withPrefix(String prefix) {
    return new BackendConfig(this, prefix, scheduler);
  }

  /** This configuration with the user's scheduler ({@code Settings.scheduler}), or none. */
  public BackendConfig withScheduler(@Nullable ScheduledExecutorService scheduler) {
    return new BackendConfig(this, prefix, scheduler);
  }

  /**
   * The scheduler the user gave for this backend's timed work ({@code Settings.scheduler}), or
   * {@code null}: then the backend uses shared {@code kaju-} threads of its own, stopped when its
   * last cache closes. A scheduler given here belongs to the user: never shut it down.
   */
  public @Nullable ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * The key prefix the cache routes to this backend, {@code ""} for the default route. A backend
   * shared with other applications uses it to keep {@code clear()} and {@code getKeysCount()} to
   * its own keys.
   */
  public String prefix() {
    return prefix;
  }

  /** The URL scheme, lower case ({@code mem}, {@code redis}, ...). */
  public String scheme() {
    return scheme;
  }

  /** The URL without its query, e.g. {@code redis://localhost:6379/0}. */
  public String address() {
    return address;
  }

  public @Nullable String host() {
    return host;
  }

  /** The port, or {@code -1} when the URL has none. */
  public int port() {
    return port;
  }

  /** The path, possibly empty. */
  public String path() {
    return path;
  }

  /** The {@code user:password} part of the URL, decoded, or {@code null}. */
  public @Nullable String userInfo() {
    return userInfo;
  }

  /** The time source: tests inject a fake one so TTL tests are exact. */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Wall-clock time: for backends whose stored expiry times must mean the same to every process
   * and after a restart (disk). Tests inject a fake clock.
   */
  public Clock clock() {
    return clock;
  }

  /** Whether the option was given or has a default. */
  public boolean has(String name) {
    return options.containsKey(name);
  }

  public long longOption(String name) {
    return (Long) require(name);
  }

  public Duration durationOption(String name) {
    return (Duration) require(name);
  }

  public boolean booleanOption(String name) {
    return (Boolean) require(name);
  }

  public @Nullable String stringOption(String name) {
    return (String) options.get(name);
  }

  private Object require(String name) {
    Object value = options.get(name);
    if (value == null) {
      throw new IllegalStateException("option " + name + " has no value and no default");
    }
    return value;
  }
}
