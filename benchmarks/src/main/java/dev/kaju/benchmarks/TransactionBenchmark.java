package dev.kaju.benchmarks;

import dev.kaju.Cache;
import dev.kaju.Transaction;
import dev.kaju.TransactionMode;
import java.time.Duration;
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
 * The cost of a cache transaction (issue 14): a {@code set} and a {@code get} of one key, without
 * a transaction and inside one of each mode, on memory and on Redis (a redis-server of its own on
 * a free port). cashews documents 0-7% for FAST, 4-9% for LOCKED and 7-50% for SERIALIZABLE.
 * Each {@code key} param: {@code hot} is one key, {@code many} cycles over 1,024.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransactionBenchmark {
  private static final int KEYS = 1024;

  @Param({"mem", "redis"})
  public String backend;

  @Param({"hot", "many"})
  public String key;

  private RedisServer server;
  private Cache cache;
  private final String[] keys = new String[KEYS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url = "mem://";
    if (backend.equals("redis")) {
      server = RedisServer.start();
      url = server.url();
    }
    cache = Cache.create().setup(url);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = key.equals("hot") ? "tx:hot" : "tx:" + i;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
    if (server != null) {
      server.close();
    }
  }

  private String nextKey() {
    return keys[next = (next + 1) & (KEYS - 1)];
  }

  private Object pair(String k) {
    cache.set(k, "value", Duration.ofMinutes(5));
    return cache.get(k);
  }

  private Object inTransaction(TransactionMode mode) {
    String k = nextKey();
    try (Transaction tx = cache.transaction(mode)) {
      Object v = pair(k);
      tx.commit();
      return v;
    }
  }

  @Benchmark
  public Object none() {
    return pair(nextKey());
  }

  @Benchmark
  public Object fast() {
    return inTransaction(TransactionMode.FAST);
  }

  @Benchmark
  public Object locked() {
    return inTransaction(TransactionMode.LOCKED);
  }

  @Benchmark
  public Object serializable() {
    return inTransaction(TransactionMode.SERIALIZABLE);
  }
}
