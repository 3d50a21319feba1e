package dev.kaju.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kaju.Cache;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * One method call answered from memory: Kaju's generated class against what a user would write by
 * hand around Caffeine, and a ConcurrentHashMap floor, building the same key the same way. All in
 * one run so the ratios compare like with like.
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

  private final RealCatalog real = new RealCatalog();
  private final long[] ids = new long[KEYS];
  private final Catalog.User[] users = new Catalog.User[KEYS];
  private int next;

  private com.github.benmanes.caffeine.cache.Cache<String, String> caffeine;
  private ConcurrentHashMap<String, String> map;
  private Cache cache;
  private Catalog kaju;

  @Setup(Level.Trial)
  public void setUp() {
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    map = new ConcurrentHashMap<>();
    cache = Cache.create().setup("mem://?size=10000");
    kaju = new CatalogCached(real, cache);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      users[i] = new Catalog.User(ids[i], new Catalog.Profile("User" + i + "@Example.com"));
      // warm every path so each benchmark measures hits only
      handWrittenCaffeine(ids[i]);
      concurrentHashMap(ids[i]);
      kaju.product(ids[i]);
      kaju.productAsync(ids[i]).join();
      handWrittenNested(users[i]);
      kaju.byEmail(users[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  private int nextIndex() {
    return next = (next + 1) & (KEYS - 1);
  }

  private String handWrittenCaffeine(long id) {
    String key = "product:" + id;
    String value = caffeine.getIfPresent(key);
    if (value == null) {
      value = real.product(id);
      caffeine.put(key, value);
    }
    return value;
  }

  private String concurrentHashMap(long id) {
    String key = "product:" + id;
    String value = map.get(key);
    if (value == null) {
      value = real.product(id);
      map.put(key, value);
    }
    return value;
  }

  private String handWrittenNested(Catalog.User user) {
    String email = user == null || user.profile() == null ? "" : user.profile().email();
    String key = "user:" + (email == null ? "" : email.toLowerCase(Locale.ROOT));
    String value = caffeine.getIfPresent(key);
    if (value == null) {
      value = real.byEmail(user);
      caffeine.put(key, value);
    }
    return value;
  }

  @Benchmark
  public String caffeine_handWritten() {
    return handWrittenCaffeine(ids[nextIndex()]);
  }

  @Benchmark
  public String concurrentHashMap_floor() {
    return concurrentHashMap(ids[nextIndex()]);
  }

  @Benchmark
  public String kaju_generated() {
    return kaju.product(ids[nextIndex()]);
  }

  @Benchmark
  public CompletableFuture<String> kaju_generatedAsync() {
    return kaju.productAsync(ids[nextIndex()]);
  }

  @Benchmark
  public String caffeine_handWrittenNestedLower() {
    return handWrittenNested(users[nextIndex()]);
  }

  @Benchmark
  public String kaju_generatedNestedLower() {
    return kaju.byEmail(users[nextIndex()]);
  }
}
