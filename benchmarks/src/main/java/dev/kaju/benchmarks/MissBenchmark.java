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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A miss that stores: every call asks for a key never seen before, so each one builds the key,
 * calls the delegate and stores the result (caches are bounded to 100,000 entries, so eviction is
 * part of the cost, as in production).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MissBenchmark {
  private Peers peers;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    peers = new Peers(100_000);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peers.close();
  }

  @Benchmark
  public String caffeine_handWritten() {
    return peers.caffeine(next++);
  }

  @Benchmark
  public String concurrentHashMap_floor() {
    if (peers.map.size() > 100_000) {
      peers.map.clear();
    }
    return peers.map(next++);
  }

  @Benchmark
  public String spring_cacheable() {
    return peers.springCatalog.product(next++);
  }

  @Benchmark
  public String kaju_generated() {
    return peers.kaju.product(next++);
  }
}
