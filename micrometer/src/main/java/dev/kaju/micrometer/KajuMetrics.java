package dev.kaju.micrometer;

import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.internal.RateLimitedLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records every command of a Kaju backend to Micrometer: a {@link MeterBinder} and the factory of
 * the {@link Middleware} that times each command.
 *
 * <pre>{@code
 * KajuMetrics metrics = KajuMetrics.of(registry);          // or new KajuMetrics(tags), then bindTo
 * cache.setup("mem://?size=10000",
 *     Settings.builder().middlewares(metrics.middleware("mem://")).build());
 * }</pre>
 *
 * Meters, named as Micrometer names them (dot-separated, lower case, base units; the Prometheus
 * registry writes {@code kaju_command_seconds}, {@code kaju_gets_total}, {@code kaju_puts_total}):
 *
 * <ul>
 *   <li>{@code kaju.command}, a {@code Timer}: each command's latency, tagged {@code command} (the
 *       {@link Command} in lower case: {@code get}, {@code set}, {@code get_many}...), {@code
 *       backend} (the name given to {@link #middleware}) and {@code result}: {@code hit} or {@code
 *       miss} for {@code get} and {@code get_raw}, {@code error} when the command threw, {@code ok}
 *       otherwise. On the async path the time runs until the command's stage completes.
 *   <li>{@code kaju.gets}, a counter tagged {@code backend} and {@code result} ({@code hit}, {@code
 *       miss}): keys read by {@code get}, {@code get_raw} and {@code get_many} (each key), as
 *       Micrometer's {@code cache.gets}.
 *   <li>{@code kaju.puts}, a counter tagged {@code backend}: keys stored by {@code set} and {@code
 *       set_raw} (when they stored) and {@code set_many} (each key), as {@code cache.puts}.
 * </ul>
 *
 * Every meter also carries the tags given to the constructor (a {@code cache} name, say). A
 * registry that throws, when a meter is created or when it records, never breaks a cache call: the
 * failure is logged (at most once per 10 s, to the {@code System.Logger} {@code
 * dev.kaju.micrometer}) and the command's result or exception stands.
 *
 * <p>A middleware may be made before any registry is bound, and several registries may be bound:
 * each gets meters of its own, and one that throws does not keep the others from recording (a
 * {@code CompositeMeterRegistry} would: a child failing to create a meter is then left out of the
 * composite meter for good, and one failing to record stops the others').
 */
public final class KajuMetrics implements MeterBinder {
  private static final RateLimitedLog LOG = new RateLimitedLog(System.getLogger("dev.kaju.micrometer"), Duration.ofSeconds(10));

  private final Tags tags;
  /** Guarded by {@code this}: what {@link #bindTo} adds to every {@link Meters}, past and future. */
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final List<Meters> meters = new ArrayList<>();

  /** Meters without tags of their own beyond {@code command}, {@code backend} and {@code result}. */
  public KajuMetrics() {
    this(Tags.empty());
  }

  /** Meters that also carry {@code tags} (for instance {@code Tags.of("cache", "users")}). */
  public KajuMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /** {@code new KajuMetrics()} bound to {@code registry}. */
  public static KajuMetrics of(MeterRegistry registry) {
    KajuMetrics metrics = new KajuMetrics();
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Records to {@code registry} too, from now on, for every middleware made before or after; each
   * backend's {@code kaju.gets} and {@code kaju.puts} counters appear in it at once, at zero.
   * Binding the same registry twice does nothing.
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (MeterRegistry r : registries) {
      if (r == registry) {
        return;
      }
    }
    registries.add(registry);
    for (Meters m : meters) {
      m.add(registry);
    }
  }

  /**
   * The middleware recording the commands of one backend, whose meters are tagged {@code backend}
   * = {@code backend}: name it as the setup does, e.g. {@code "mem://"} or {@code "redis://cache-1"}
   * (a setup URL without its query, as {@code detect} shows it) or {@code "user"} for a prefix.
   * Given first in {@code Settings.middlewares(...)} it times everything the caller waits for; given
   * last, the backend alone. It sees no disabled command (those answer before any middleware).
   * Make one per setup and keep it: this binder holds the meters of every middleware it made, to
   * add them to registries bound later.
   */
  public Middleware middleware(String backend) {
    Objects.requireNonNull(backend, "backend");
    if (backend.isBlank()) {
      throw new IllegalArgumentException("backend must not be blank, was '" + backend + "'");
    }
    Meters m = new Meters(tags.and("backend", backend), backend);
    synchronized (this) {
      for (MeterRegistry r : registries) {
        m.add(r);
      }
      meters.add(m);
    }
    return new MetricsMiddleware(m);
  }

  /** Logs a failure of {@code registry}, at most once per interval. */
  static void failed(MeterRegistry registry, String what, Throwable error) {
    LOG.warn("a Micrometer registry (" + registry.getClass().getName() + ") failed " + what + "; the cache call is unaffected", error);
  }
}
