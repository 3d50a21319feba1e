package dev.kaju.benchmarks;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kaju.Ticker;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.ValueCodec;
import dev.kaju.annotation.Cached;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cached value to bytes and back (issue 13): Kaju's binary codec with a generated codec for the
 * record, against Jackson databind (with its {@code JavaTimeModule}) and Java serialization, for
 * one five-component record and for a list of 100. Kaju goes through the {@link ValueCodec} a Redis
 * or disk backend builds ({@code ValueCodec.from}), so the numbers include what a backend pays
 * (the payload marker, the type's name and fingerprint once per payload), and nothing of the
 * network or the disk.
 *
 * <p>{@code roundTrip_*} encodes and decodes; {@code encode_*} and {@code decode_*} each half. The
 * bytes per encoded value are printed when the trial starts, and by {@link #main}:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar '^dev.kaju.benchmarks.CodecBenchmark' -prof gc
 * java -cp benchmarks/target/benchmarks.jar dev.kaju.benchmarks.CodecBenchmark   # sizes only
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

  /** The cached value: five components, one of each common kind. */
  public record Quote(long id, String symbol, double price, Instant at, List<String> tags) implements Serializable {}

  /** A cached method returning {@code Quote}: the processor writes {@code CodecBenchmark_QuotesCodecs} for it. */
  public interface Quotes {
    @Cached(ttl = "1h")
    Quote quote(long id);
  }

  static {
    CodecBenchmark_QuotesCodecs.register(); // what CodecBenchmark_QuotesCached does when it loads
  }

  /** {@code one}: a single {@code Quote}; {@code list100}: a {@code List<Quote>} of 100. */
  @Param({"one", "list100"})
  public String value;

  private Object payload;
  private ValueCodec kaju;
  private ObjectMapper jackson;
  private JavaType jacksonType;
  private byte[] kajuBytes;
  private byte[] jacksonBytes;
  private byte[] javaBytes;

  static Quote quote(int i) {
    return new Quote(
        1_000_000L + i, "SYM" + (i % 50), 100 + i * 0.25, Instant.ofEpochSecond(1_764_000_000L + i, i * 1_000_000L),
        List.of("equity", i % 2 == 0 ? "nasdaq" : "nyse", "tier" + (i % 3)));
  }

  static Object payload(String value) {
    if (value.equals("one")) {
      return quote(1);
    }
    List<Quote> quotes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      quotes.add(quote(i));
    }
    return quotes;
  }

  /** The codec a Redis or disk backend builds from its URL's options (none here: serializer=binary, unsigned). */
  static ValueCodec kajuCodec() {
    return ValueCodec.from(
        new BackendConfig("redis", "redis://localhost:6379", "localhost", 6379, "", null, Map.of(), Ticker.system(),
            Clock.systemUTC()));
  }

  static ObjectMapper jacksonMapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule());
  }

  static JavaType jacksonType(ObjectMapper mapper, String value) {
    return value.equals("one")
        ? mapper.constructType(Quote.class)
        : mapper.getTypeFactory().constructCollectionType(List.class, Quote.class);
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    payload = payload(value);
    kaju = kajuCodec();
    jackson = jacksonMapper();
    jacksonType = jacksonType(jackson, value);
    kajuBytes = kaju.encode("k", payload);
    jacksonBytes = jackson.writeValueAsBytes(payload);
    javaBytes = javaEncode(payload);
    // each peer reads back what it wrote, equal to the original
    check(kaju.decode("k", kajuBytes), "kaju");
    check(jackson.readValue(jacksonBytes, jacksonType), "jackson");
    check(javaDecode(javaBytes), "java");
    System.out.printf(
        "%nbytes per encoded value (%s): kaju=%d jackson=%d java=%d%n", value, kajuBytes.length, jacksonBytes.length,
        javaBytes.length);
  }

  private void check(Object decoded, String peer) {
    if (!payload.equals(decoded)) {
      throw new IllegalStateException(peer + " read back " + decoded + ", not " + payload);
    }
  }

  // ---- encode and decode ----

  @Benchmark
  public Object roundTrip_kaju() {
    return kaju.decode("k", kaju.encode("k", payload));
  }

  @Benchmark
  public Object roundTrip_jackson() throws IOException {
    return jackson.readValue(jackson.writeValueAsBytes(payload), jacksonType);
  }

  @Benchmark
  public Object roundTrip_java() {
    return javaDecode(javaEncode(payload));
  }

  // ---- each half ----

  @Benchmark
  public byte[] encode_kaju() {
    return kaju.encode("k", payload);
  }

  @Benchmark
  public byte[] encode_jackson() throws IOException {
    return jackson.writeValueAsBytes(payload);
  }

  @Benchmark
  public byte[] encode_java() {
    return javaEncode(payload);
  }

  @Benchmark
  public Object decode_kaju() {
    return kaju.decode("k", kajuBytes);
  }

  @Benchmark
  public Object decode_jackson() throws IOException {
    return jackson.readValue(jacksonBytes, jacksonType);
  }

  @Benchmark
  public Object decode_java() {
    return javaDecode(javaBytes);
  }

  static byte[] javaEncode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object javaDecode(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints the bytes each peer stores per value, as a Markdown table. */
  public static void main(String[] args) throws IOException {
    ValueCodec kaju = kajuCodec();
    ObjectMapper jackson = jacksonMapper();
    System.out.println("| value | Kaju binary (generated codec) | Jackson databind | Java serialization |");
    System.out.println("|---|---:|---:|---:|");
    for (String value : List.of("one", "list100")) {
      Object payload = payload(value);
      System.out.printf(
          "| %s | %d | %d | %d |%n", value, kaju.encode("k", payload).length, jackson.writeValueAsBytes(payload).length,
          javaEncode(payload).length);
    }
  }
}
