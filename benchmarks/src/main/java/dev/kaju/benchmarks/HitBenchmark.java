package dev.kaju.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
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
 * One method call answered from memory: Kaju's generated class against what a user would write by
 * hand around Caffeine, Spring's {@code @Cacheable} and a ConcurrentHashMap floor, each building
 * the same key. All in one run so the ratios compare like with like.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HitBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HitBenchmark {
  private static final int KEYS = 1024;
  /** The length of the precomputed key order (a power of two). */
  private static final int ORDER = 1 << 16;

  /**
   * Which keys the calls ask for: {@code cycle} walks all 1,024 in turn, {@code zipf} draws them
   * with a Zipf distribution (exponent 1: a few keys take most calls, as in real traffic), {@code
   * hot} asks for one key every time.
   */
  @Param({"cycle", "zipf", "hot"})
  public String keys;

  private final int[] order = new int[ORDER];

  private Peers peers;
  private final long[] ids = new long[KEYS];
  private final Catalog.User[] users = new Catalog.User[KEYS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    fillOrder();
    peers = new Peers(10_000);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      users[i] = new Catalog.User(ids[i], new Catalog.Profile("User" + i + "@Example.com"));
      // warm every path so each benchmark measures hits only
      peers.caffeine(ids[i]);
      peers.caffeineVariable(ids[i]);
      peers.caffeineOwnExpiry(ids[i]);
      peers.map(ids[i]);
      peers.springCatalog.product(ids[i]);
      peers.springCatalog.productAsync(ids[i]).join();
      peers.kaju.product(ids[i]);
      peers.kajuWithMiddleware.product(ids[i]);
      peers.kaju.productAsync(ids[i]).join();
      peers.kajuWithMiddleware.productAsync(ids[i]).join();
      peers.caffeineNested(users[i]);
      peers.springCatalog.byEmail(users[i]);
      peers.kaju.byEmail(users[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peers.close();
  }

  private int nextIndex() {
    next = (next + 1) & (ORDER - 1);
    return order[next];
  }

  /** The key indexes the benchmark walks, fixed before measuring so drawing costs nothing. */
  private void fillOrder() {
    switch (keys) {
      case "cycle":
        for (int i = 0; i < ORDER; i++) {
          order[i] = i & (KEYS - 1);
        }
        break;
      case "hot":
        Arrays.fill(order, 0);
        break;
      case "zipf":
        double[] cdf = new double[KEYS];
        double sum = 0;
        for (int rank = 0; rank < KEYS; rank++) {
          sum += 1.0 / (rank + 1);
          cdf[rank] = sum;
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < ORDER; i++) {
          double u = random.nextDouble() * sum;
          int at = Arrays.binarySearch(cdf, u);
          order[i] = at >= 0 ? at : Math.min(-at - 1, KEYS - 1);
        }
        break;
      default:
        throw new IllegalArgumentException("keys must be cycle, zipf or hot, was " + keys);
    }
  }

  @Benchmark
  public String caffeine_handWritten() {
    return peers.caffeine(ids[nextIndex()]);
  }

  @Benchmark
  public String caffeine_handWrittenVariableExpiry() {
    return peers.caffeineVariable(ids[nextIndex()]);
  }

  @Benchmark
  public String caffeine_sizeOnlyOwnExpiryCheck() {
    return peers.caffeineOwnExpiry(ids[nextIndex()]);
  }

  @Benchmark
  public String concurrentHashMap_floor() {
    return peers.map(ids[nextIndex()]);
  }

  @Benchmark
  public String spring_cacheable() {
    return peers.springCatalog.product(ids[nextIndex()]);
  }

  @Benchmark
  public String kaju_generated() {
    return peers.kaju.product(ids[nextIndex()]);
  }

  @Benchmark
  public String kaju_generatedNoOpMiddleware() {
    return peers.kajuWithMiddleware.product(ids[nextIndex()]);
  }

  @Benchmark
  public CompletableFuture<String> spring_cacheableAsync() {
    return peers.springCatalog.productAsync(ids[nextIndex()]);
  }

  @Benchmark
  public CompletableFuture<String> kaju_generatedAsync() {
    return peers.kaju.productAsync(ids[nextIndex()]);
  }

  @Benchmark
  public CompletableFuture<String> kaju_generatedAsyncNoOpMiddleware() {
    return peers.kajuWithMiddleware.productAsync(ids[nextIndex()]);
  }

  @Benchmark
  public String caffeine_handWrittenNestedLower() {
    return peers.caffeineNested(users[nextIndex()]);
  }

  @Benchmark
  public String spring_cacheableNestedLower() {
    return peers.springCatalog.byEmail(users[nextIndex()]);
  }

  @Benchmark
  public String kaju_generatedNestedLower() {
    return peers.kaju.byEmail(users[nextIndex()]);
  }
}
