package dev.kaju.micrometer;

import dev.kaju.Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one backend, in each bound registry. Timers are created on first use, one per
 * strategy, command and result, and kept per strategy in an array indexed by {@code
 * command.ordinal() * RESULTS + result}: recording is a lookup of the strategy's array (a handful
 * of constant names) and an array read, never a lookup by name or tags. Each registry has meters of
 * its own and every call into it is guarded on its own: a registry that throws is logged, the
 * others still record, and the caller goes on.
 */
final class Meters {
  static final int HIT = 0;
  static final int MISS = 1;
  static final int OK = 2;
  static final int ERROR = 3;
  private static final int RESULTS = 4;
  private static final String[] RESULT_TAGS = {"hit", "miss", "ok", "error"};
  private static final Command[] COMMANDS = Command.values();
  private static final String[] COMMAND_TAGS = new String[COMMANDS.length];

  static {
    for (Command c : COMMANDS) {
      COMMAND_TAGS[c.ordinal()] = c.name().toLowerCase(Locale.ROOT);
    }
  }

  /** The strategy tag of a command the {@code Cache} API sent. */
  static final String NO_STRATEGY = "none";

  private final Tags tags;
  private final String backend;
  /** One per bound registry, copied on write ({@link #add}). */
  private volatile Sink[] sinks = new Sink[0];

  Meters(Tags tags, String backend) {
    this.tags = tags;
    this.backend = backend;
  }

  /** Records to {@code registry} too; its hit, miss and put counters appear at once, at zero. */
  synchronized void add(MeterRegistry registry) {
    Sink sink = new Sink(registry);
    Sink[] now = Arrays.copyOf(sinks, sinks.length + 1);
    now[now.length - 1] = sink;
    sinks = now;
    sink.hits();
    sink.misses();
    sink.puts();
  }

  /** The strategy tag of a command {@code strategy} sent ({@code null}: the {@code Cache} API). */
  static String strategy(@Nullable String strategy) {
    return strategy == null ? NO_STRATEGY : strategy;
  }

  /** Records one command of {@code nanos} with {@code result} ({@link #HIT}...), sent by {@code strategy}. */
  void time(Command command, int result, String strategy, long nanos) {
    for (Sink s : sinks) {
      s.time(command, result, strategy, nanos);
    }
  }

  /** Counts {@code hit} and {@code miss} keys read. */
  void gets(long hit, long miss) {
    for (Sink s : sinks) {
      s.gets(hit, miss);
    }
  }

  /** Counts {@code stored} keys written. */
  void puts(long stored) {
    if (stored > 0) {
      for (Sink s : sinks) {
        s.puts(stored);
      }
    }
  }

  /** The meters in one registry. */
  private final class Sink {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();
    private volatile @Nullable Counter hits;
    private volatile @Nullable Counter misses;
    private volatile @Nullable Counter puts;

    Sink(MeterRegistry registry) {
      this.registry = registry;
    }

    void time(Command command, int result, String strategy, long nanos) {
      try {
        AtomicReferenceArray<Timer> byCommand = timers.get(strategy);
        if (byCommand == null) {
          byCommand = timers.computeIfAbsent(strategy, s -> new AtomicReferenceArray<>(COMMANDS.length * RESULTS));
        }
        int i = command.ordinal() * RESULTS + result;
        Timer timer = byCommand.get(i);
        if (timer == null) {
          timer = Timer.builder("kaju.command")
              .description("Kaju backend commands: latency by command, backend, strategy and result")
              .tags(tags)
              .tag("command", COMMAND_TAGS[command.ordinal()])
              .tag("strategy", strategy)
              .tag("result", RESULT_TAGS[result])
              .register(registry);
          byCommand.set(i, timer); // a racing thread registers the same id: the registry returns one timer
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
      } catch (RuntimeException | LinkageError e) {
        KajuMetrics.failed(registry, "recording " + COMMAND_TAGS[command.ordinal()] + " on " + backend, e);
      }
    }

    void gets(long hit, long miss) {
      try {
        Counter c;
        if (hit > 0 && (c = hits()) != null) {
          c.increment(hit);
        }
        if (miss > 0 && (c = misses()) != null) {
          c.increment(miss);
        }
      } catch (RuntimeException | LinkageError e) {
        KajuMetrics.failed(registry, "counting gets on " + backend, e);
      }
    }

    void puts(long stored) {
      try {
        Counter c = puts();
        if (c != null) {
          c.increment(stored);
        }
      } catch (RuntimeException | LinkageError e) {
        KajuMetrics.failed(registry, "counting puts on " + backend, e);
      }
    }

    @Nullable Counter hits() {
      Counter c = hits;
      return c != null ? c : (hits = counter("kaju.gets", "Keys Kaju read, by result: hit or miss", "hit"));
    }

    @Nullable Counter misses() {
      Counter c = misses;
      return c != null ? c : (misses = counter("kaju.gets", "Keys Kaju read, by result: hit or miss", "miss"));
    }

    @Nullable Counter puts() {
      Counter c = puts;
      return c != null ? c : (puts = counter("kaju.puts", "Keys Kaju stored", null));
    }

    private @Nullable Counter counter(String name, String description, @Nullable String result) {
      try {
        Counter.Builder b = Counter.builder(name).description(description).tags(tags);
        return (result == null ? b : b.tag("result", result)).register(registry);
      } catch (RuntimeException | LinkageError e) {
        KajuMetrics.failed(registry, "creating " + name + " for " + backend, e);
        return null;
      }
    }
  }
}
