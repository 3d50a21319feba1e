package dev.kaju.samples;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's "run it" command: a tour of the Cache API on the in-memory backend, printing what
 * each call does.
 */
public final class CacheApiSample {
  private CacheApiSample() {}

  public static void main(String[] args) throws Exception {
    Middleware timing = (call, chain) -> {
      long start = System.nanoTime();
      try {
        return chain.proceed(call);
      } finally {
        if (call instanceof Command.GetMatch match) {
          System.out.printf("  (middleware: GET_MATCH %s took %d µs)%n", match.pattern(), (System.nanoTime() - start) / 1_000);
        }
      }
    };
    try (Cache cache = Cache.create()
        .setup("mem://?size=10000&check_interval=1s", Settings.builder().middlewares(timing).build())
        .setup("mem://?size=500", Settings.builder().prefix("user").build())) {

      System.out.println("== values and TTLs");
      cache.set("greeting", "hello", "10m");
      show("get(greeting)", cache.get("greeting"));
      show("getExpire(greeting)", cache.getExpire("greeting"));
      cache.set("forever", 42);
      show("getExpire(forever)", cache.getExpire("forever"));
      show("getExpire(missing)", cache.getExpire("missing"));
      show("set NX on existing", cache.set("greeting", "hi", Duration.ofMinutes(1), false));
      show("set XX on missing", cache.set("nobody", "hi", Duration.ofMinutes(1), true));

      System.out.println("== getOrSet calls the supplier once per miss");
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        String report = cache.getOrSet("report:2026", CacheApiSample::slowReport, "1h");
        System.out.printf("  getOrSet(report:2026) -> %s in %.1f ms%n", report, (System.nanoTime() - start) / 1e6);
      }

      System.out.println("== counters");
      cache.incr("visits");
      cache.incr("visits", 10, "1d");
      show("visits", cache.get("visits"));
      try {
        cache.incr("greeting");
      } catch (IllegalStateException e) {
        show("incr(greeting) fails", e.getMessage());
      }

      System.out.println("== several backends by prefix");
      cache.set("user:1", Map.of("name", "Ada"));
      cache.set("item:1", "book");
      show("getMany(user:1, item:1, item:2)", cache.getMany("user:1", "item:1", "item:2"));
      show("scan(user*) on the 'user' backend", cache.scan("user*").collect(Collectors.toList()));

      System.out.println("== patterns");
      for (int page = 1; page <= 3; page++) {
        cache.set("items:page:" + page, List.of("a" + page, "b" + page), "5m");
      }
      show("getMatch(items:page:*)", cache.getMatch("items:page:*").map(Map.Entry::getKey).sorted().collect(Collectors.toList()));
      show("deleteMatch(items:page:[12])", cache.deleteMatch("items:page:[12]"));
      show("scan(items:*)", cache.scan("items:*").collect(Collectors.toList()));

      System.out.println("== locks");
      try (Cache.Lock lock = cache.lock("job:nightly", "30s")) {
        show("isLocked(job:nightly) inside", cache.isLocked("job:nightly"));
        try {
          cache.lock("job:nightly", Duration.ofSeconds(30), Duration.ZERO);
        } catch (RuntimeException e) {
          show("second lock", e.getMessage());
        }
      }
      show("isLocked(job:nightly) after", cache.isLocked("job:nightly"));

      System.out.println("== disable, callbacks, detect");
      try (Cache.Scope off = cache.disabling(Command.GET)) {
        show("get(greeting) with GET disabled", cache.get("greeting"));
      }
      try (Cache.Scope cb = cache.callback((cmd, key, result) -> System.out.printf("  callback: %s %s -> %s%n", cmd, key, result), Command.SET)) {
        cache.set("watched", "x");
      }
      try (Detect d = cache.detect()) {
        cache.get("greeting");
        cache.get("nothing-here");
        d.list().forEach(c -> System.out.printf("  detect: %s %s hit=%s via %s%n", c.command(), c.key(), c.hit(), c.backend()));
      }

      System.out.println("== async view");
      cache.async().set("async", "value", "1m")
          .thenCompose(ok -> cache.async().get("async"))
          .thenAccept(v -> show("async get", v))
          .toCompletableFuture().get();

      show("keys in all backends", cache.getKeysCount());
    }
    System.out.println();
    AnnotatedSample.run();
  }

  private static String slowReport() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "report computed at " + java.time.LocalTime.now().withNano(0);
  }

  private static void show(String what, Object value) {
    System.out.printf("  %-40s -> %s%n", what, value);
  }
}
