package dev.kaju.benchmarks;

import dev.kaju.Cache;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A generated hit through one no-op middleware, with the JIT's profile clean (only hits ever went
 * through the middleware) or {@code polluted}: before measuring, the same route also carried
 * tens of thousands of other commands ({@code SET}, {@code DELETE}, {@code EXISTS}, {@code INCR},
 * {@code GET_RAW}, {@code EXPIRE}, {@code GET_EXPIRE}, plain {@code get}), as in an application,
 * so the middleware and the chain are compiled on their own with every command in their profile
 * before the hit path is. The hit should allocate only its key either way.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MiddlewareHitBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MiddlewareHitBenchmark {
  private static final int KEYS = 1024;

  /** {@code hot}: one key every time; {@code cycle}: all 1,024 in turn. */
  @Param({"hot", "cycle"})
  public String keys;

  /** {@code clean}: only hits reach the middleware; {@code polluted}: other commands did first. */
  @Param({"clean", "polluted"})
  public String profile;

  private final RealCatalog real = new RealCatalog();
  private final long[] ids = new long[KEYS];
  private Cache plainCache;
  private Cache middlewareCache;
  private Catalog plain;
  private Catalog withMiddleware;
  private boolean hot;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    hot = keys.equals("hot");
    if (!hot && !keys.equals("cycle")) {
      throw new IllegalArgumentException("keys must be hot or cycle, was " + keys);
    }
    plainCache = Cache.create().setup("mem://?size=10000");
    middlewareCache =
        Cache.create().setup("mem://?size=10000", Settings.builder().middlewares((call, chain) -> chain.proceed(call)).build());
    plain = new CatalogCached(real, plainCache);
    withMiddleware = new CatalogCached(real, middlewareCache);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      plain.product(ids[i]);
      withMiddleware.product(ids[i]);
      plain.productAsync(ids[i]).join();
      withMiddleware.productAsync(ids[i]).join();
    }
    if (profile.equals("polluted")) {
      pollute(plainCache);
      pollute(middlewareCache);
    } else if (!profile.equals("clean")) {
      throw new IllegalArgumentException("profile must be clean or polluted, was " + profile);
    }
  }

  /** Every kind of command a route carries in an application, often enough for the JIT to compile them. */
  private static void pollute(Cache cache) {
    Duration minute = Duration.ofMinutes(1);
    for (int i = 0; i < 60_000; i++) {
      String key = "other:" + (i & 255);
      cache.set(key, "v" + (i & 7), minute);
      cache.exists(key);
      cache.get(key);
      cache.getRaw(key);
      cache.expire(key, minute);
      cache.getExpire(key);
      cache.delete(key);
      cache.incr("counter:" + (i & 15));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    plainCache.close();
    middlewareCache.close();
  }

  private long nextId() {
    if (hot) {
      return ids[0];
    }
    next = (next + 1) & (KEYS - 1);
    return ids[next];
  }

  @Benchmark
  public String kaju_generated() {
    return plain.product(nextId());
  }

  @Benchmark
  public String kaju_generatedNoOpMiddleware() {
    return withMiddleware.product(nextId());
  }

  @Benchmark
  public CompletableFuture<String> kaju_generatedAsync() {
    return plain.productAsync(nextId());
  }

  @Benchmark
  public CompletableFuture<String> kaju_generatedAsyncNoOpMiddleware() {
    return withMiddleware.productAsync(nextId());
  }
}
