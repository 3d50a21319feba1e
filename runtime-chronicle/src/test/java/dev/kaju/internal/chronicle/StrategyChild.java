package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.LockedException;
import dev.kaju.support.CachedSite;
import dev.kaju.support.CircuitBreakerSite;
import dev.kaju.support.EarlySite;
import dev.kaju.support.LockedSite;
import dev.kaju.support.RateLimitSite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other process of {@link DiskStrategiesTest}: opens the disk cache in {@code args[1]} and
 * runs a strategy step on {@code args[2]}, printing one line per event. It prints {@code refused}
 * the first time, once armed, that the backend refuses it a lock, so the parent knows it waits.
 */
public final class StrategyChild {
  private StrategyChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String key = args[2];
    if (mode.equals("early")) { // early <dir> key: a call of an early-expired key; its refresh runs inline
      try (Cache cache = Cache.create()
          .setup("disk://?entries=10000&directory=" + args[1], dev.kaju.Settings.builder().executor(Runnable::run).build())) {
        System.out.println("open");
        AtomicInteger runs = new AtomicInteger();
        String value = EarlySite.<String>builder(cache, "Feed.items").type(String.class)
            .ttl(Duration.ofMinutes(10)).earlyTtl(Duration.ofMinutes(1)).build()
            .call(key, () -> "child-value#" + runs.incrementAndGet());
        System.out.println("result=" + value);
        System.out.println("runs=" + runs.get());
      }
      System.out.flush();
      return;
    }
    AtomicBoolean armed = new AtomicBoolean();
    try (Cache cache = Cache.create().setup("disk://?entries=10000&directory=" + args[1]);
        Cache.Scope s = cache.callback((command, k, result) -> {
          if (Boolean.FALSE.equals(result) && armed.compareAndSet(true, false)) {
            System.out.println("refused");
          }
        }, Command.SET_LOCK)) {
      System.out.println("open");
      switch (mode) {
        case "cached": { // cached <dir> key: a miss of @Cached(lock = true)
          CachedSite<String> site =
              CachedSite.<String>builder(cache, "Users.profile").type(String.class).ttl(Duration.ofMinutes(1)).lock().build();
          AtomicInteger runs = new AtomicInteger();
          armed.set(true);
          String value = site.call(key, () -> "child-value#" + runs.incrementAndGet());
          System.out.println("result=" + value);
          System.out.println("runs=" + runs.get());
          break;
        }
        case "locked": { // locked <dir> key: @Locked without waiting, then waiting
          try {
            LockedSite.<String>builder(cache, "Jobs.rebuild").ttl(Duration.ofMinutes(1)).waitForLock(false).build()
                .call(key, () -> "ran");
            System.out.println("nowait=ran");
          } catch (LockedException e) {
            System.out.println("nowait=locked");
          }
          armed.set(true);
          String seen = LockedSite.<String>builder(cache, "Jobs.rebuild").ttl(Duration.ofMinutes(1))
              .step(Duration.ofMillis(20)).build()
              .call(key, () -> "parent-done=" + cache.get("parent-done"));
          System.out.println(seen);
          break;
        }
        case "limits": { // limits <dir> key: two calls under the shared rate limit, one under the shared breaker
          RateLimitSite<String> limit = RateLimitSite.<String>builder(cache, "Api.call").limit(3).period(Duration.ofMinutes(1)).build();
          for (int i = 0; i < 2; i++) {
            try {
              System.out.println("limit=" + limit.call("rate_limit:" + key, () -> "ran"));
            } catch (dev.kaju.RateLimitException e) {
              System.out.println("limit=refused");
            }
          }
          CircuitBreakerSite<String> breaker = CircuitBreakerSite.<String>builder(cache, "Api.call")
              .errorsRate(50).period(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(1)).minCalls(2).build();
          try {
            System.out.println("breaker=" + breaker.call("circuit_breaker:" + key, () -> "ran"));
          } catch (dev.kaju.CircuitBreakerOpenException e) {
            System.out.println("breaker=open");
          }
          break;
        }
        default:
          throw new IllegalArgumentException(mode);
      }
    }
    System.out.flush();
  }

  /** Starts this class in a new JVM with the test class path and Chronicle's flags. */
  static Process start(String mode, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmFlags.all());
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StrategyChild.class.getName());
    command.add(mode);
    command.add(dir.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
  }
}
