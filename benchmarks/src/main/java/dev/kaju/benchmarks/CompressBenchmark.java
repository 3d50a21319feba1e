package dev.kaju.benchmarks;

import dev.kaju.Ticker;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.ValueCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec of byte backends with {@code compress} off, {@code gzip} and {@code zlib}: encoding
 * (and compressing, then signing) and decoding (checking, inflating) a map of short lists whose
 * binary payload is about {@code size} bytes. The stored length is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressBenchmark {
  @Param({"none", "gzip", "zlib"})
  public String compress;

  @Param({"1000", "4000", "30000"})
  public int size;

  private ValueCodec codec;
  private Map<String, Object> value;
  private byte[] stored;

  @Setup
  public void setUp() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("secret", "benchmark");
    if (!compress.equals("none")) {
      options.put("compress", compress);
      options.put("compress_min", 512L);
    }
    codec = ValueCodec.from(
        new BackendConfig("redis", "redis://localhost", "localhost", 6379, "", null, options, Ticker.system(),
            Clock.systemUTC()));
    value = new LinkedHashMap<>();
    ValueCodec plain = ValueCodec.from(
        new BackendConfig("redis", "redis://localhost", "localhost", 6379, "", null, Map.of(), Ticker.system(),
            Clock.systemUTC()));
    for (int i = 0; plain.encode("k", value).length < size; i++) {
      value.put("user:" + i, new ArrayList<>(List.of("name " + i, "somebody" + (i * 7919 % 1000) + "@example.com", i, i % 2 == 0)));
    }
    stored = codec.encode("key", value);
    System.out.printf("%n%s, payload of %d bytes: %d stored%n", compress, plain.encode("k", value).length, stored.length);
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode("key", value);
  }

  @Benchmark
  public Object decode() {
    return codec.decode("key", stored);
  }
}
