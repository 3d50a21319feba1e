package dev.kaju.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hits from 2 threads (the machine has 2 cores): all on one hot key, and spread over 1024 keys.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class ConcurrencyBenchmark {
  private static final int KEYS = 1024;

  /** The peers, shared by the threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    Peers peers;
    final long[] ids = new long[KEYS];

    @Setup(Level.Trial)
    public void setUp() {
      peers = new Peers(10_000);
      for (int i = 0; i < KEYS; i++) {
        ids[i] = 1_000_000L + i * 7919L;
        peers.caffeine(ids[i]);
        peers.springCatalog.product(ids[i]);
        peers.kaju.product(ids[i]);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      peers.close();
    }
  }

  /** Each thread walks the keys from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 31);

    int nextIndex() {
      return next = (next + 1) & (KEYS - 1);
    }
  }

  @Benchmark
  public String hotKey_caffeine(Shared s) {
    return s.peers.caffeine(s.ids[0]);
  }

  @Benchmark
  public String hotKey_spring(Shared s) {
    return s.peers.springCatalog.product(s.ids[0]);
  }

  @Benchmark
  public String hotKey_kaju(Shared s) {
    return s.peers.kaju.product(s.ids[0]);
  }

  @Benchmark
  public String spread_caffeine(Shared s, Cursor c) {
    return s.peers.caffeine(s.ids[c.nextIndex()]);
  }

  @Benchmark
  public String spread_spring(Shared s, Cursor c) {
    return s.peers.springCatalog.product(s.ids[c.nextIndex()]);
  }

  @Benchmark
  public String spread_kaju(Shared s, Cursor c) {
    return s.peers.kaju.product(s.ids[c.nextIndex()]);
  }
}
