package dev.kaju.benchmarks;

import dev.kaju.Cache;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.map.ChronicleMap;
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
 * A hit on disk: Kaju's generated class on {@code disk://} against a raw persisted Chronicle Map
 * {@code get} of the same key, decoding the value to a String (Chronicle's own marshalling).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "-Dchronicle.analytics.disable=true"
    })
public class DiskBenchmark {
  private static final int KEYS = 1024;

  private Path dir;
  private ChronicleMap<String, String> raw;
  private Cache cache;
  private Catalog kaju;
  private final long[] ids = new long[KEYS];
  private final RealCatalog real = new RealCatalog();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("kaju-disk-bench");
    raw =
        ChronicleMap.of(String.class, String.class)
            .name("raw")
            .entries(10_000)
            .averageKey("product:1000000")
            .averageValue("product-1000000")
            .createPersistedTo(new File(dir.toFile(), "raw.cmap"));
    cache = Cache.create().setup("disk://?directory=" + dir.resolve("kaju") + "&entries=10000");
    kaju = new CatalogCached(real, cache);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      raw.put("product:" + ids[i], real.product(ids[i]));
      kaju.product(ids[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    raw.close();
    cache.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private int nextIndex() {
    return next = (next + 1) & (KEYS - 1);
  }

  @Benchmark
  public String chronicle_rawGet() {
    long id = ids[nextIndex()];
    String key = "product:" + id;
    String value = raw.get(key);
    if (value == null) {
      value = real.product(id);
      raw.put(key, value);
    }
    return value;
  }

  @Benchmark
  public String kaju_generatedDisk() {
    return kaju.product(ids[nextIndex()]);
  }
}
