package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import dev.kaju.support.Stamped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Stamped, the stored shape of @Soft and @Early, in every serializer; planted or truncated bytes are misses")
class StampedCodecTest {
  private static final String[][] SERIALIZERS = {
    {"serializer=binary"}, {"serializer=json"}, {"serializer=java", "secret=test", "java_allow=java.util.*"},
    {"serializer=binary", "secret=test"}, {"serializer=json", "secret=test", "digestmod=sha1"}
  };

  static List<Stamped> values() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", new ArrayList<>(List.of(1, 2L, "x")));
    map.put("@odd", null);
    return List.of(
        new Stamped(1_767_225_600_000L, "ok"),
        new Stamped(-5, null),
        new Stamped(Long.MAX_VALUE, 42L),
        new Stamped(Long.MIN_VALUE, new ArrayList<>(Arrays.asList("a", null))),
        new Stamped(0, map),
        new Stamped(7, new Stamped(8, "nested")));
  }

  @Test
  @DisplayName("every serializer reads back an equal Stamped: its time and its value with the value's type")
  void roundTrips() {
    for (String[] options : SERIALIZERS) {
      ValueCodec codec = codec(options);
      for (Stamped value : values()) {
        Object back = codec.decode("k", codec.encode("k", value));
        assertThat(back).as(String.join("&", options) + " " + value).isEqualTo(value);
      }
    }
  }

  @Test
  @DisplayName("serializer=java allows Stamped itself, and still refuses what it holds unless java_allow does")
  void javaFilterStillChecksTheValue() {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "serializer=java", "secret=test", "java_allow=java.util.ArrayList");
    Stamped ok = new Stamped(5, new ArrayList<>(List.of(1, 2)));
    assertThat(codec.decode("k", codec.encode("k", ok))).isEqualTo(ok);
    Stamped refused = new Stamped(5, new java.util.TreeSet<>(List.of(1)));
    assertThat(codec.decode("k", codec.encode("k", refused))).isNull();
    assertThat(logger.messages).anyMatch(m -> m.contains("java.util.TreeSet"));
  }

  @Test
  @DisplayName("JSON writes a Stamped as {\"@stamped\":[at, value]} and the value as plain JSON")
  void jsonShape() {
    byte[] bytes = codec("serializer=json").encode("k", new Stamped(12, List.of("a", 1)));
    assertThat(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8)).isEqualTo("{\"@stamped\":[12,[\"a\",1]]}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"@stamped\":[12]}",
        "{\"@stamped\":[]}",
        "{\"@stamped\":[\"12\",1]}",
        "{\"@stamped\":[1.5,1]}",
        "{\"@stamped\":[99999999999999999999999,1]}",
        "{\"@stamped\":[12,1,2]}",
        "{\"@stamped\":{\"at\":12}}",
        "{\"@stamped\":12}",
        "{\"@stamped\":[12,1]",
        "{\"@stamped\":[12,1],\"x\":1}"
      })
  @DisplayName("a truncated or wrong-typed JSON Stamped is a miss, never an exception")
  void badJsonIsMiss(String json) {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "serializer=json");
    byte[] stored = new byte[json.length() + 1];
    stored[0] = PayloadFormat.JSON;
    System.arraycopy(ascii(json), 0, stored, 1, json.length());
    assertThat(codec.decode("k", stored)).isNull();
    assertThat(logger.messages).hasSize(1);
  }

  @Test
  @DisplayName("every truncation of a binary Stamped is a miss, never an exception")
  void truncatedBinaryIsMiss() {
    for (String[] options : new String[][] {{"serializer=binary"}, {"serializer=json"}}) {
      ValueCodec codec = codec(options);
      byte[] whole = codec.encode("k", new Stamped(1_767_225_600_000L, Optional.of(List.of("abc", 5L))));
      for (int n = 1; n < whole.length; n++) {
        assertThat(codec.decode("k", Arrays.copyOf(whole, n))).as(String.join("&", options) + " first " + n + " bytes").isNull();
      }
    }
  }

  @Test
  @DisplayName("planted binary bytes: a Stamped tag with no time, or a time too long for a varint, is a miss")
  void plantedBinary() {
    ValueCodec codec = codec("serializer=binary");
    byte[] noTime = {PayloadFormat.BINARY, 41};
    byte[] endlessVarint = {PayloadFormat.BINARY, 41, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 1, 'x'};
    byte[] leftOver = {PayloadFormat.BINARY, 41, 2, 1, 1};
    assertThat(codec.decode("k", noTime)).isNull();
    assertThat(codec.decode("k", endlessVarint)).isNull();
    assertThat(codec.decode("k", leftOver)).isNull();
    byte[] good = {PayloadFormat.BINARY, 41, 4, 1};
    assertThat(codec.decode("k", good)).isEqualTo(new Stamped(2, true));
  }
}
