package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryCodecTest {

  /** No secret, then a secret with each digest. */
  static final List<String[]> CONFIGS =
      List.of(
          new String[] {},
          new String[] {"secret=test", "digestmod=sha256"},
          new String[] {"secret=test", "digestmod=sha1"},
          new String[] {"secret=test", "digestmod=md5"},
          new String[] {"secret=test", "digestmod=sum"});

  /** cashews ser-01..04 values, adapted to Java, and every type the binary codec knows. */
  static List<Object> values() {
    Map<Object, Object> nested = new LinkedHashMap<>();
    nested.put("list", new ArrayList<>(Arrays.asList(1, null, "three", 4L)));
    nested.put(null, new LinkedHashSet<>(Arrays.asList("a", null)));
    nested.put(7, new LinkedHashMap<>(Map.of("deeper", new ArrayList<>(List.of(Optional.of(1.5))))));
    return List.of(
        // ser-01
        "test", "1_1", "1", "", new byte[] {'t', 'e', 's', 't'}, ascii("1_1"), ascii("1_1_1"), ascii("0"),
        0L, 1L, 2L, 1.234, new BigDecimal("1.001"), true, false, NullValue.INSTANCE,
        new LinkedHashMap<>(Map.of("hi", true)),
        // ser-19: awkward text
        "_value:_!@_#$%^&:*(?)\".,4й", "emoji \uD83D\uDE00", "lone \uD800 surrogate", "\uDC00", "bytes:not bytes",
        "md5:abc_def", "123", "-5",
        // bytes that look like other things
        new byte[0], new byte[] {(byte) 0xF5, 0}, ascii("123"),
        // numbers keep their exact type
        -5L, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, (short) -3, Short.MAX_VALUE,
        (byte) -128, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1.5f, Float.NaN, 'x', '\uFFFF',
        new BigDecimal("1.00100"), new BigDecimal("-1E+30"), BigDecimal.ZERO, BigInteger.ZERO,
        new BigInteger("-123456789012345678901234567890"),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        // ser-03 and the rest of java.time
        LocalDateTime.of(2000, 1, 10, 10, 0), Duration.ofDays(10), LocalDate.of(2020, 12, 31),
        Instant.ofEpochSecond(-1, 5), Instant.MAX, Instant.MIN, LocalDate.MIN, LocalTime.of(23, 59, 59, 999_999_999),
        LocalTime.MIDNIGHT, LocalDateTime.MAX,
        OffsetDateTime.of(2024, 2, 29, 12, 30, 0, 1, ZoneOffset.ofHoursMinutes(-5, -30)),
        ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
        ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris")).withLaterOffsetAtOverlap(),
        ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
        ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")),
        Duration.ofNanos(-1), Duration.ZERO, Period.of(1, -2, 3),
        // ser-04: collections keep list vs set vs map, mixed elements, empty ones, nulls inside
        new ArrayList<>(List.of(1, "a", 2L, true)), new ArrayList<>(), new LinkedHashSet<>(List.of(3, "b", 'c')),
        new LinkedHashSet<>(), new LinkedHashMap<>(), new ArrayList<>(Arrays.asList(null, null)), nested,
        Optional.empty(), Optional.of("x"), Optional.of(new ArrayList<>(List.of(1L))),
        new dev.kaju.support.CachedSite.CachedFailure("java.io.IOException", "disk on fire"),
        new dev.kaju.support.CachedSite.CachedFailure("com.example.CustomError", null));
  }

  static Stream<Arguments> everyValueInEveryConfig() {
    return CONFIGS.stream()
        .flatMap(
            config -> values().stream()
                .map(v -> Arguments.of(String.join("&", config), v.getClass().getSimpleName(), v)));
  }

  @ParameterizedTest(name = "[{0}] {1} {2}")
  @MethodSource("everyValueInEveryConfig")
  @DisplayName("ser-01..04: every value round-trips with its exact type, with and without a secret")
  void roundTrips(String config, String type, Object value) {
    ValueCodec codec = codec(config.isEmpty() ? new String[0] : config.split("&"));
    byte[] stored = codec.encode("key", value);
    Object decoded = codec.decode("key", stored);
    assertThat(decoded).isInstanceOf(value.getClass()).isEqualTo(value);
  }

  @Test
  @DisplayName("the binary format: marker 0xF5, a tag, a compact body")
  void goldenBytes() {
    ValueCodec codec = codec();
    assertThat(codec.encode("k", 1)).containsExactly(0xF5, 7, 2);
    assertThat(codec.encode("k", -1)).containsExactly(0xF5, 7, 1);
    assertThat(codec.encode("k", "a")).containsExactly(0xF5, 3, 1, 'a');
    assertThat(codec.encode("k", true)).containsExactly(0xF5, 1);
    assertThat(codec.encode("k", NullValue.INSTANCE)).containsExactly(0xF5, 0);
    assertThat(codec.encode("k", new ArrayList<>(List.of(300L, "é"))))
        .containsExactly(0xF5, 32, 2, 6, 0xD8, 0x04, 3, 2, 0xC3, 0xA9);
    assertThat(codec.encode("k", LocalDate.of(1970, 1, 2))).containsExactly(0xF5, 17, 2);
  }

  @Test
  @DisplayName("ser-05/q-17: without a secret a Long is plain digits, any digits read as a Long, an Integer is tagged")
  void longsAreDigits() {
    ValueCodec codec = codec();
    assertThat(codec.encode("k", 0L)).asString().isEqualTo("0");
    assertThat(codec.encode("k", -5L)).asString().isEqualTo("-5");
    assertThat(codec.encode("k", Long.MIN_VALUE)).asString().isEqualTo("-9223372036854775808");
    assertThat(codec.decode("k", ascii("123"))).isEqualTo(123L);
    assertThat(codec.decode("k", ascii("-5"))).isEqualTo(-5L);
    assertThat(codec.decode("k", ascii("007"))).isEqualTo(7L);
    assertThat(codec.encode("k", 5)).startsWith(0xF5);
    assertThat(codec.decode("k", codec.encode("k", 5))).isEqualTo(5);
  }

  @Test
  @DisplayName("bytes are stored as 'bytes:' and the raw bytes, in every serializer")
  void bytesPrefix() {
    for (ValueCodec codec : List.of(codec(), codec("serializer=json"), codec("serializer=java", "java_allow=java.util.*", "java_unsigned_unsafe=true"))) {
      assertThat(codec.encode("k", ascii("test"))).asString().isEqualTo("bytes:test");
      assertThat(codec.decode("k", ascii("bytes:test"))).isEqualTo(ascii("test"));
      assertThat(codec.decode("k", ascii("bytes:"))).isEqualTo(new byte[0]);
    }
  }

  @Test
  @DisplayName("other lists, sets and maps decode as ArrayList, LinkedHashSet and LinkedHashMap, in order")
  void collectionsDecodeToTheirFamily() {
    ValueCodec codec = codec();
    assertThat(codec.decode("k", codec.encode("k", List.of(1, 2, 3))))
        .isExactlyInstanceOf(ArrayList.class)
        .isEqualTo(List.of(1, 2, 3));
    Map<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));
    Object map = codec.decode("k", codec.encode("k", sorted));
    assertThat(map).isExactlyInstanceOf(LinkedHashMap.class);
    assertThat(new ArrayList<Object>(((Map<?, ?>) map).keySet())).containsExactly("a", "b", "c");
    assertThat(codec.decode("k", codec.encode("k", Set.of("x"))))
        .isExactlyInstanceOf(LinkedHashSet.class)
        .isEqualTo(Set.of("x"));
  }

  @Test
  @DisplayName("a value the binary codec cannot encode names its type and the three ways out")
  void unsupportedTypeNamesTheWaysOut() {
    ValueCodec codec = codec();
    assertThatThrownBy(() -> codec.encode("k", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a java.lang.Object")
        .hasMessageContaining("Codecs.register(Object.class")
        .hasMessageContaining("serializer=json")
        .hasMessageContaining("serializer=java with java_allow");
    assertThatThrownBy(() -> codec.encode("k", new ArrayList<>(List.of(new ArrayDeque<>(List.of(1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.ArrayDeque");
  }

  @Test
  @DisplayName("a list that contains itself fails to encode instead of overflowing the stack")
  void cycleFails() {
    List<Object> list = new ArrayList<>();
    list.add(list);
    assertThatThrownBy(() -> codec().encode("k", list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested more than 100 levels");
  }

  static Stream<Arguments> craftedPayloads() {
    byte[] deep = new byte[1 + 2 * 200 + 1];
    deep[0] = (byte) 0xF5;
    for (int i = 0; i < 200; i++) {
      deep[1 + 2 * i] = 32;
      deep[2 + 2 * i] = 1;
    }
    byte[] hello = codec().encode("k", "hello");
    return Stream.of(
        Arguments.of("truncated string", Arrays.copyOf(hello, hello.length - 1), "count 5 exceeds the 4 bytes left"),
        Arguments.of("truncated double", bytes(0xF5, 10, 1, 2, 3), "truncated: 8 more bytes needed"),
        Arguments.of("a list claiming 2^31 elements", bytes(0xF5, 32, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "count"),
        Arguments.of("a map claiming 2^62 entries", bytes(0xF5, 34, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F),
            "count"),
        Arguments.of("a varint that never ends", bytes(0xF5, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
            "varint"),
        Arguments.of("lists nested 200 deep", deep, "nested more than 100"),
        Arguments.of("an unknown tag", bytes(0xF5, 99), "unknown tag 99"),
        Arguments.of("bytes after the value", bytes(0xF5, 1, 0), "left over"),
        Arguments.of("an int out of range", bytes(0xF5, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), "int out of range"),
        Arguments.of("an empty BigInteger", bytes(0xF5, 13, 0), "empty BigInteger"),
        Arguments.of("a bad zone", bytes(0xF5, 21, 0, 0, 0, 3, 1, '?'), "Invalid ID"),
        Arguments.of("a JSON payload", bytes(0xF6, '1'), "written with serializer=json, read with serializer=binary"),
        Arguments.of("a Java payload", bytes(0xF7, 0xAC, 0xED), "written with serializer=java"),
        Arguments.of("an empty value", new byte[0], "empty value"),
        Arguments.of("digits out of a Long's range", ascii("99999999999999999999"), "out of a Long's range"),
        Arguments.of("a lone minus", ascii("-"), "not a value Kaju wrote"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("craftedPayloads")
  @DisplayName("crafted or broken bytes are a miss with a warning saying why, never an exception")
  void craftedPayloadsAreMisses(String what, byte[] stored, String reason) {
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger).decode("the-key", stored)).isNull();
    assertThat(logger.messages).singleElement().asString().contains("the-key").contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "key", "_key:_!@#$%^&*()", "ключ", "md5:x_y"})
  @DisplayName("ser-19: any key text works, with and without a secret")
  void anyKey(String key) {
    for (String[] config : CONFIGS) {
      ValueCodec codec = codec(config);
      assertThat(codec.decode(key, codec.encode(key, "_value:_!@_#$%^&:*(?)\".,4й")))
          .isEqualTo("_value:_!@_#$%^&:*(?)\".,4й");
    }
  }

  @Test
  @DisplayName("encode and decode refuse null arguments, naming them")
  void nullArguments() {
    ValueCodec codec = codec();
    assertThatThrownBy(() -> codec.encode("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> codec.encode(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> codec.decode("k", null)).isInstanceOf(NullPointerException.class).hasMessage("stored");
  }

  @Test
  @DisplayName("strings are UTF-8, so the stored form stays readable in redis-cli")
  void stringsAreUtf8() {
    byte[] stored = codec().encode("k", "héllo");
    assertThat(new String(stored, 3, stored.length - 3, StandardCharsets.UTF_8)).isEqualTo("héllo");
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
