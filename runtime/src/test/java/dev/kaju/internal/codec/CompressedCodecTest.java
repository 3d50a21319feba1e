package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static dev.kaju.internal.codec.CodecFixture.concat;
import static dev.kaju.internal.codec.CodecFixture.config;
import static dev.kaju.internal.codec.CodecFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("compress=gzip|zlib: compressed before signing, read by every codec, bounded on read")
class CompressedCodecTest {

  static final List<String> ALGORITHMS = List.of("gzip", "zlib");

  /** No secret, then a secret with each digest. */
  static final List<List<String>> SIGNING =
      List.of(
          List.of(),
          List.of("secret=test", "digestmod=sha256"),
          List.of("secret=test", "digestmod=sha1"),
          List.of("secret=test", "digestmod=md5"),
          List.of("secret=test", "digestmod=sum"));

  /** A value whose payload is some 20 KB of repetitive text: compresses well. */
  static Map<String, Object> large() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      map.put("user:" + i, new ArrayList<>(List.of("name " + i, "somebody@example.com", i, i % 2 == 0)));
    }
    return map;
  }

  /** cashews' ser-01 values, adapted to Java, and large ones. */
  static List<Object> values() {
    return List.of(
        "test", ascii("test"), "1_1", ascii("1_1"), ascii("1_1_1"), "1", ascii("0"), 0L, 1L, 2L, 1.234,
        new BigDecimal("1.001"), true, false, "", NullValue.INSTANCE, new LinkedHashMap<>(Map.of("hi", true)),
        new ArrayList<>(List.of(1, 2, 3)), new ArrayList<>(List.of("s", "t", "r")),
        // above the default compress_min
        "x".repeat(5000), ascii("bytes ".repeat(1000)), large(),
        new ArrayList<>(List.of(new BigDecimal("1.001").pow(300), "y".repeat(2000), Long.MAX_VALUE)));
  }

  static String[] options(String algorithm, List<String> signing, String... more) {
    List<String> all = new ArrayList<>();
    all.add("compress=" + algorithm);
    all.addAll(signing);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  static String[] plain(List<String> signing) {
    return signing.toArray(new String[0]);
  }

  static Stream<Arguments> everyValueEveryConfig() {
    return ALGORITHMS.stream()
        .flatMap(a -> SIGNING.stream()
            .flatMap(s -> Stream.of("compress_min=0", "compress_min=1024")
                .flatMap(min -> values().stream()
                    .map(v -> Arguments.of(String.join("&", options(a, s, min)), v.getClass().getSimpleName(), v)))));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("everyValueEveryConfig")
  @DisplayName("ser-01: every value round-trips with both algorithms, without a secret and with each digest")
  void roundTrips(String config, String type, Object value) {
    ValueCodec codec = codec(config.split("&"));
    byte[] stored = codec.encode("key", value);
    assertThat(codec.decode("key", stored)).isInstanceOf(value.getClass()).isEqualTo(value);
  }

  /** Where the payload starts in {@code stored}: after the signature's '_', if any. */
  static int payloadStart(byte[] stored, List<String> signing) {
    if (signing.isEmpty()) {
      return 0;
    }
    return text(stored).indexOf('_') + 1;
  }

  static Stream<Arguments> algorithmAndSigning() {
    return ALGORITHMS.stream().flatMap(a -> SIGNING.stream().map(s -> Arguments.of(a, s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("algorithmAndSigning")
  @DisplayName("a large value is stored shorter, behind its algorithm's marker and standard framing, and signed")
  void largeValueIsCompressed(String algorithm, List<String> signing) throws IOException {
    ValueCodec codec = codec(options(algorithm, signing));
    Map<String, Object> value = large();
    byte[] stored = codec.encode("key", value);
    byte[] uncompressed = codec(plain(signing)).encode("key", value);
    assertThat(stored.length).isLessThan(uncompressed.length / 4);
    int at = payloadStart(stored, signing);
    if (!signing.isEmpty()) {
      assertThat(text(stored)).startsWith(signing.get(1).substring("digestmod=".length()) + ":");
    }
    byte[] inner;
    if (algorithm.equals("gzip")) {
      assertThat(stored[at]).isEqualTo(PayloadFormat.GZIP);
      assertThat(Arrays.copyOfRange(stored, at + 1, at + 3)).containsExactly(0x1F, 0x8B);
      inner = readAll(new GZIPInputStream(new ByteArrayInputStream(stored, at + 1, stored.length - at - 1)));
    } else {
      assertThat(stored[at]).isEqualTo(PayloadFormat.ZLIB);
      assertThat(stored[at + 1]).isEqualTo((byte) 0x78);
      inner = readAll(new InflaterInputStream(new ByteArrayInputStream(stored, at + 1, stored.length - at - 1)));
    }
    // the JDK's own streams read what Kaju wrote: the unsigned uncompressed payload
    assertThat(inner).isEqualTo(Arrays.copyOfRange(uncompressed, payloadStart(uncompressed, signing), uncompressed.length));
    assertThat(codec.decode("key", stored)).isEqualTo(value);
    assertThat(codec.decode("other", stored)).as("the signature still covers the key").isEqualTo(signing.isEmpty() ? value : null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("ser-09: with a secret, compression comes before signing: the signature covers the compressed bytes")
  void signatureCoversCompressedBytes(String algorithm) {
    ValueCodec codec = codec("compress=" + algorithm, "secret=test", "digestmod=md5");
    byte[] stored = codec.encode("key", "z".repeat(4000));
    int at = text(stored).indexOf('_') + 1;
    Signer signer = new Signer(ascii("test"), Digest.MD5);
    assertThat(signer.sign("key", Arrays.copyOfRange(stored, at, stored.length))).isEqualTo(stored);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("algorithmAndSigning")
  @DisplayName("values below compress_min are stored as without compress")
  void smallValuesStayUncompressed(String algorithm, List<String> signing) {
    ValueCodec codec = codec(options(algorithm, signing));
    ValueCodec plain = codec(plain(signing));
    for (Object value : List.of("test", ascii("test"), 5L, 1.234, true, NullValue.INSTANCE, "x".repeat(1000))) {
      assertThat(codec.encode("key", value)).as("%s", value).isEqualTo(plain.encode("key", value));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("compress_min counts payload bytes: a payload of exactly compress_min is compressed, one byte less is not")
  void thresholdIsInclusive(String algorithm) {
    ValueCodec codec = codec("compress=" + algorithm, "compress_min=100");
    // the payload of a byte[] is "bytes:" (6) and the bytes
    assertThat(codec.encode("k", ascii("a".repeat(94)))[0]).isEqualTo(algorithm.equals("gzip") ? PayloadFormat.GZIP : PayloadFormat.ZLIB);
    assertThat(text(codec.encode("k", ascii("a".repeat(93))))).isEqualTo("bytes:" + "a".repeat(93));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("a value that compression would not shorten is stored uncompressed")
  void incompressibleStaysUncompressed(String algorithm) {
    byte[] noise = new byte[8192];
    new Random(42).nextBytes(noise);
    ValueCodec codec = codec("compress=" + algorithm, "compress_min=0");
    assertThat(codec.encode("k", noise)).isEqualTo(codec().encode("k", noise));
    assertThat(codec.encode("k", "ab")).isEqualTo(codec().encode("k", "ab"));
    assertThat(codec.decode("k", codec.encode("k", noise))).isEqualTo(noise);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("values longer than compress_max are stored uncompressed, so the writer can read them back")
  void aboveMaxStaysUncompressed(String algorithm) {
    ValueCodec codec = codec("compress=" + algorithm, "compress_max=2000");
    String value = "x".repeat(5000);
    assertThat(codec.encode("k", value)).isEqualTo(codec().encode("k", value));
    assertThat(codec.decode("k", codec.encode("k", value))).isEqualTo(value);
    assertThat(codec.encode("k", "x".repeat(1500))[0]).isEqualTo(algorithm.equals("gzip") ? PayloadFormat.GZIP : PayloadFormat.ZLIB);
  }

  static Stream<Arguments> writerAndReader() {
    List<String> kinds = List.of("none", "gzip", "zlib");
    return kinds.stream()
        .flatMap(w -> kinds.stream().flatMap(r -> Stream.of(Arguments.of(w, r, List.of()),
            Arguments.of(w, r, List.of("secret=test", "digestmod=sha256")))));
  }

  @ParameterizedTest(name = "written with {0}, read with {1} {2}")
  @MethodSource("writerAndReader")
  @DisplayName("ser-09: every cache reads compressed entries whatever its own compress, and uncompressed ones")
  void readsWhateverWasWritten(String writer, String reader, List<String> signing) {
    ValueCodec w = writer.equals("none") ? codec(plain(signing)) : codec(options(writer, signing));
    ValueCodec r = reader.equals("none") ? codec(plain(signing)) : codec(options(reader, signing));
    for (Object value : values()) {
      assertThat(r.decode("key", w.encode("key", value))).isEqualTo(value);
    }
  }

  @Test
  @DisplayName("json and java payloads are compressed too, and keep their serializer's marker inside")
  void otherSerializers() {
    Map<String, Object> value = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      value.put("key " + i, "value " + i);
    }
    ValueCodec json = codec("serializer=json", "compress=zlib");
    byte[] stored = json.encode("k", value);
    assertThat(stored[0]).isEqualTo(PayloadFormat.ZLIB);
    assertThat(json.decode("k", stored)).isEqualTo(value);
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger, "compress=zlib").decode("k", stored)).isNull();
    assertThat(logger.messages).singleElement().asString().contains("written with serializer=json, read with serializer=binary");

    ValueCodec java =
        codec("serializer=java", "java_allow=java.util.*", "secret=test", "compress=gzip", "compress_min=0");
    HashMap<String, Object> javaValue = new HashMap<>(value);
    byte[] signed = java.encode("k", javaValue);
    assertThat(signed[text(signed).indexOf('_') + 1]).isEqualTo(PayloadFormat.GZIP);
    assertThat(java.decode("k", signed)).isEqualTo(javaValue);
  }

  // ---- planted bytes ----

  private static final Map<String, byte[]> BOMBS = new java.util.concurrent.ConcurrentHashMap<>();

  /** 100 MB of zeros, compressed with the JDK's streams (once per algorithm), behind the marker. */
  static byte[] bomb(String algorithm) {
    return BOMBS.computeIfAbsent(algorithm, a -> {
      try {
        return marked(a, zeros(a, 100_000_000L));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** {@code n} zero bytes, compressed with the JDK's streams, without holding them. */
  static byte[] zeros(String algorithm, long n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 20];
    try (OutputStream z = algorithm.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      for (long left = n; left > 0; left -= chunk.length) {
        z.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return out.toByteArray();
  }

  static byte marker(String algorithm) {
    return algorithm.equals("gzip") ? PayloadFormat.GZIP : PayloadFormat.ZLIB;
  }

  static byte[] marked(String algorithm, byte[] compressed) {
    return concat(new byte[] {marker(algorithm)}, compressed);
  }

  /**
   * The bytes this thread has allocated so far (through reflection: the tests compile inside the
   * runtime module, which does not read java.management).
   */
  private static long allocatedBytes() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      return (Long) Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getThreadAllocatedBytes", long.class)
          .invoke(bean, Thread.currentThread().getId());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"gzip,", "zlib,", "gzip,compress_max=1048576", "zlib,compress_max=1048576"})
  @DisplayName("a zip bomb (100 MB of zeros in ~100 KB) planted unsigned is a miss, inflating no further than compress_max")
  void zipBomb(String algorithm, String max) {
    byte[] bomb = bomb(algorithm);
    assertThat(bomb.length).isLessThan(200_000);
    List<String> limitOption = max == null ? List.of() : List.of(max);
    long limit = max == null ? Compression.DEFAULT_MAX : Long.parseLong(max.substring("compress_max=".length()));
    List<String> compressing = new ArrayList<>(limitOption);
    compressing.add("compress=" + algorithm);
    // every reader, compressing or not, bounds what it inflates
    for (List<String> options : List.of(compressing, limitOption)) {
      CountingLogger logger = new CountingLogger();
      ValueCodec reader = codec(logger, options.toArray(new String[0]));
      long before = allocatedBytes();
      Object read = assertTimeout(Duration.ofSeconds(20), () -> reader.decode("key", bomb));
      long allocated = allocatedBytes() - before;
      assertThat(read).as("%s", options).isNull();
      // growing by doubling up to the limit: under three times the limit, far under the 100 MB
      assertThat(allocated).as("%s", options).isLessThan(3 * limit + (1 << 20));
      assertThat(logger.messages).singleElement().asString()
          .contains("'key'").contains(algorithm + " data inflates to more than compress_max (" + limit + " bytes)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("with a secret, a zip bomb planted without a valid signature is refused before any byte is inflated")
  void unsignedBombWithSecret(String algorithm) {
    byte[] bomb = bomb(algorithm);
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "compress=" + algorithm, "secret=test");
    long before = allocatedBytes();
    assertThat(codec.decode("key", bomb)).isNull();
    assertThat(codec.decode("key", concat(ascii("sha256:" + "ab".repeat(32) + "_"), bomb))).isNull();
    assertThat(allocatedBytes() - before).isLessThan(4 << 20);
    assertThat(logger.messages).singleElement().asString().contains("no signature");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("a signed value inflating past compress_max (another writer's larger limit) is a miss")
  void signedAboveReadersMax(String algorithm) {
    byte[] stored = codec("compress=" + algorithm, "secret=test").encode("key", "x".repeat(100_000));
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger, "secret=test", "compress_max=50000").decode("key", stored)).isNull();
    assertThat(logger.messages).singleElement().asString().contains("more than compress_max (50000 bytes)");
    assertThat(codec("secret=test", "compress_max=100020").decode("key", stored)).isEqualTo("x".repeat(100_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("compressed data cut short anywhere is a miss with a warning, never an exception")
  void truncated(String algorithm) {
    ValueCodec codec = codec("compress=" + algorithm);
    byte[] stored = codec.encode("key", large());
    for (int length = 1; length < stored.length; length += length < 64 ? 1 : 97) {
      CountingLogger logger = new CountingLogger();
      assertThat(codec(logger).decode("key", Arrays.copyOf(stored, length))).as("cut to %d", length).isNull();
      assertThat(logger.messages).as("cut to %d", length).singleElement().asString().contains("'key'");
    }
    for (int cut = 1; cut <= 8; cut++) {
      CountingLogger logger = new CountingLogger();
      assertThat(codec(logger).decode("key", Arrays.copyOf(stored, stored.length - cut))).isNull();
      assertThat(logger.messages).singleElement().asString().containsAnyOf("truncated", "checksum");
    }
  }

  static Stream<Arguments> corrupt() throws IOException {
    byte[] payload = codec().encode("key", "hello ".repeat(500));
    byte[] gzip = codec("compress=gzip").encode("key", "hello ".repeat(500));
    byte[] zlib = codec("compress=zlib").encode("key", "hello ".repeat(500));
    byte[] badMagic = gzip.clone();
    badMagic[1] = 0x1E;
    byte[] badMethod = gzip.clone();
    badMethod[3] = 7;
    byte[] reservedFlag = gzip.clone();
    reservedFlag[4] = (byte) 0x80;
    byte[] hugeExtra = gzip.clone();
    hugeExtra[4] = 4; // FEXTRA, with a length running past the end
    hugeExtra[11] = (byte) 0xFF;
    hugeExtra[12] = (byte) 0xFF;
    byte[] unterminatedName = Arrays.copyOf(new byte[] {PayloadFormat.GZIP, 0x1F, (byte) 0x8B, 8, 8, 0, 0, 0, 0, 0, 0,
        'n', 'a', 'm', 'e'}, 15);
    byte[] badCrc = gzip.clone();
    badCrc[badCrc.length - 6] ^= 1;
    byte[] badSize = gzip.clone();
    badSize[badSize.length - 1] ^= 1;
    byte[] badZlibCheck = zlib.clone();
    badZlibCheck[2] ^= 1;
    byte[] zlibDictionary = zlib.clone();
    zlibDictionary[2] = (byte) 0xBB; // 0x78BB: FDICT set, header check valid
    byte[] zlibWindow = zlib.clone();
    zlibWindow[1] = (byte) 0x88; // CINFO 8: a 64 KB window, not allowed
    zlibWindow[2] = (byte) (31 - (0x8800 % 31)); // keep the header check valid
    byte[] badAdler = zlib.clone();
    badAdler[badAdler.length - 1] ^= 1;
    byte[] flippedData = zlib.clone();
    flippedData[zlib.length / 2] ^= 0x55;
    ByteArrayOutputStream twice = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(twice)) {
      z.write(gzip);
    }
    return Stream.of(
        Arguments.of("gzip: bad magic", badMagic, "bad gzip header"),
        Arguments.of("gzip: not deflate", badMethod, "bad gzip header"),
        Arguments.of("gzip: reserved flag", reservedFlag, "reserved flags"),
        Arguments.of("gzip: extra field past the end", hugeExtra, "truncated"),
        Arguments.of("gzip: file name never ends", unterminatedName, "truncated"),
        Arguments.of("gzip: marker only", new byte[] {PayloadFormat.GZIP}, "truncated"),
        Arguments.of("gzip: bad CRC", badCrc, "bad gzip checksum"),
        Arguments.of("gzip: bad size", badSize, "bad gzip checksum"),
        Arguments.of("gzip: trailing bytes", concat(gzip, ascii("more")), "followed by other bytes"),
        Arguments.of("gzip: two members", concat(gzip, Arrays.copyOfRange(gzip, 1, gzip.length)), "followed by other bytes"),
        Arguments.of("zlib: marker only", new byte[] {PayloadFormat.ZLIB}, "truncated"),
        Arguments.of("zlib: bad header check", badZlibCheck, "bad zlib header"),
        Arguments.of("zlib: preset dictionary", zlibDictionary, "preset dictionary"),
        Arguments.of("zlib: window too large", zlibWindow, "bad zlib header"),
        Arguments.of("zlib: bad Adler-32", badAdler, "bad zlib checksum"),
        Arguments.of("zlib: a flipped data byte", flippedData, "zlib"),
        Arguments.of("zlib: garbage", marked("zlib", ascii("not zlib at all, not at all")), "bad zlib header"),
        Arguments.of("gzip over a gzip payload", marked("gzip", twice.toByteArray()), "compressed twice"),
        Arguments.of("a compressed empty payload", marked("zlib", deflate(new byte[0])), "empty value"),
        Arguments.of("a compressed payload of unknown bytes", marked("zlib", deflate(ascii("what"))), "not a value Kaju wrote"),
        Arguments.of("sanity: the plain payload reads", payload, null));
  }

  static byte[] deflate(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corrupt")
  @DisplayName("a bad header, bad data, a bad checksum or trailing bytes: a miss and a warning saying why")
  void corruptIsMiss(String what, byte[] stored, String reason) {
    CountingLogger logger = new CountingLogger();
    Object read = codec(logger, "compress=gzip").decode("key", stored);
    if (reason == null) {
      assertThat(read).isEqualTo("hello ".repeat(500));
      return;
    }
    assertThat(read).isNull();
    assertThat(logger.messages).singleElement().asString().contains("'key'").contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "zlib"})
  @DisplayName("payloads compressed by the JDK's GZIPOutputStream and DeflaterOutputStream read back")
  void readsJdkStreams(String algorithm) throws IOException {
    byte[] payload = codec().encode("key", large());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = algorithm.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      z.write(payload);
    }
    assertThat(codec().decode("key", marked(algorithm, out.toByteArray()))).isEqualTo(large());
  }

  @Test
  @DisplayName("a gzip header with a name, a comment, an extra field and a header CRC reads")
  void gzipOptionalHeaderFields() throws IOException {
    byte[] payload = codec().encode("key", "hello");
    byte[] jdk = zipped(payload);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(new byte[] {0x1F, (byte) 0x8B, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 3, 0, 'x', 'y', 'z'});
    header.write(ascii("name\0comment\0"));
    header.write(new byte[] {0x12, 0x34}); // header CRC, not checked
    byte[] stored = concat(concat(new byte[] {PayloadFormat.GZIP}, header.toByteArray()), Arrays.copyOfRange(jdk, 10, jdk.length));
    assertThat(codec().decode("key", stored)).isEqualTo("hello");
  }

  static byte[] zipped(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("threads sharing codecs and the pooled (de)compressors each get their own values")
  void concurrent() throws Exception {
    ValueCodec gzip = codec("compress=gzip", "secret=test");
    ValueCodec zlib = codec("compress=zlib", "compress_min=0");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            String value = ("thread " + thread + " value " + i + " ").repeat(10 + i);
            ValueCodec codec = (i + thread) % 2 == 0 ? gzip : zlib;
            assertThat(codec.decode("k" + i, codec.encode("k" + i, value))).isEqualTo(value);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- options ----

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "compress=gz|bad value 'gz' for option compress: expected one of gzip, zlib; did you mean 'gzip'?",
        "compress=zlip|bad value 'zlip' for option compress: expected one of gzip, zlib; did you mean 'zlib'?",
        "compress=lz4|bad value 'lz4' for option compress: expected one of gzip, zlib",
        "compress=|bad value '' for option compress: expected one of gzip, zlib",
        "compress_min=-1|compress_min must be 0 or more, was -1",
        "compress_min=512|option compress_min applies only with compress=gzip or compress=zlib, and compress is not set;"
            + " remove compress_min or set compress",
        "compress_max=0|compress_max must be positive, was 0",
        "compress_max=x|bad value 'x' for option compress_max: expected a whole number greater than 0",
        "compress_max=3000000000|compress_max must be at most 2147483639 (the longest Java array), was 3000000000",
      })
  @DisplayName("bad compress options fail when the codec is built, naming the value and what would be valid")
  void badOptions(String option, String message) {
    assertThatThrownBy(() -> ValueCodec.from(config(option)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  @DisplayName("compress_min above compress_max is refused: nothing would be compressed")
  void minAboveMax() {
    assertThatThrownBy(() -> ValueCodec.from(config("compress=gzip", "compress_min=2000", "compress_max=1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compress_min (2000) is above compress_max (1000), so nothing would be compressed;"
            + " lower compress_min or raise compress_max");
  }

  @Test
  @DisplayName("the algorithm's name is case-insensitive; compress_max alone is accepted (it bounds reads)")
  void goodOptions() {
    assertThat(ValueCodec.from(config("compress=GZIP")).encode("k", "x".repeat(2000))[0]).isEqualTo(PayloadFormat.GZIP);
    assertThat(ValueCodec.from(config("compress=Zlib")).encode("k", "x".repeat(2000))[0])
        .isEqualTo(PayloadFormat.ZLIB);
    assertThat(ValueCodec.from(config("compress_max=1000")).encode("k", "x".repeat(2000))).isEqualTo(codec().encode("k", "x".repeat(2000)));
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
