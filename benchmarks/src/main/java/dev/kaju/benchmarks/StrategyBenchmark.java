package dev.kaju.benchmarks;

import dev.kaju.Cache;
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
 * The steady-state call of each strategy on memory, beside a {@code @Cached} hit: what a call
 * costs once the value is stored (soft, early, hit), or what the strategy adds around the method
 * (failover stores every result; locked takes and releases a lock; the limits and the breaker
 * count; bloom reads its bits). The method itself returns a constant string.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StrategyBenchmark -f 2 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StrategyBenchmark {
  private static final int KEYS = 1024;

  /** {@code cycle}: 1,024 keys in turn; {@code hot}: one key. */
  @Param({"cycle", "hot"})
  public String keys;

  private Cache cache;
  private Strategies kaju;
  private final long[] ids = new long[KEYS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    cache = Cache.create().setup("mem://?size=100000");
    Strategies real = new Strategies() {
      @Override public String cached(long id) { return "product " + id; }
      @Override public String soft(long id) { return "product " + id; }
      @Override public String early(long id) { return "product " + id; }
      @Override public String hit(long id) { return "product " + id; }
      @Override public String failover(long id) { return "product"; }
      @Override public String failoverOverCached(long id) { return "product " + id; }
      @Override public String locked(long id) { return "product"; }
      @Override public String rateLimit(long id) { return "product"; }
      @Override public String sliceRateLimit(long id) { return "product"; }
      @Override public String circuitBreaker(long id) { return "product"; }
      @Override public boolean bloom(long id) { return true; }
    };
    kaju = new StrategiesCached(real, cache);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      kaju.cached(ids[i]);
      kaju.soft(ids[i]);
      kaju.early(ids[i]);
      kaju.hit(ids[i]);
      kaju.failoverOverCached(ids[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  private long id() {
    if (keys.equals("hot")) {
      return ids[0];
    }
    next = (next + 1) & (KEYS - 1);
    return ids[next];
  }

  @Benchmark
  public String cached() {
    return kaju.cached(id());
  }

  @Benchmark
  public String soft() {
    return kaju.soft(id());
  }

  @Benchmark
  public String early() {
    return kaju.early(id());
  }

  @Benchmark
  public String hit() {
    return kaju.hit(id());
  }

  @Benchmark
  public String failover() {
    return kaju.failover(id());
  }

  @Benchmark
  public String failoverOverCached() {
    return kaju.failoverOverCached(id());
  }

  @Benchmark
  public String locked() {
    return kaju.locked(id());
  }

  @Benchmark
  public String rateLimit() {
    return kaju.rateLimit(id());
  }

  @Benchmark
  public String sliceRateLimit() {
    return kaju.sliceRateLimit(id());
  }

  @Benchmark
  public String circuitBreaker() {
    return kaju.circuitBreaker(id());
  }

  @Benchmark
  public boolean bloom() {
    return kaju.bloom(id());
  }
}
