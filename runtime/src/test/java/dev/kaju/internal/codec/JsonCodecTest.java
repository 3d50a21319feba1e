package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static dev.kaju.internal.codec.CodecFixture.concat;
import static dev.kaju.internal.codec.CodecFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

  enum Size { SMALL, LARGE }

  record Item(String name, int count, Size size) {}

  record Order(String id, List<Item> items, Map<String, Long> totals, Object note) {}

  /** A plain bean: Jackson could build it, but JSON may name only records, enums and JDK types. */
  static final class Bean {
    public String name = "bean";
  }

  private static Object roundTrip(ValueCodec codec, Object value) {
    return codec.decode("key", codec.encode("key", value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret=test"})
  @DisplayName("a record and a List of records come back as the same types")
  void records(String secret) {
    ValueCodec codec = secret.isEmpty() ? codec("serializer=json") : codec("serializer=json", secret);
    Item item = new Item("nut", 3, Size.LARGE);
    assertThat(roundTrip(codec, item)).isEqualTo(item);
    List<Item> items = new ArrayList<>(List.of(item, new Item("bolt", 1, Size.SMALL)));
    assertThat(roundTrip(codec, items)).isInstanceOf(ArrayList.class).isEqualTo(items);
    assertThat(roundTrip(codec, List.of(item))).isEqualTo(List.of(item));
    Order order = new Order("o1", items, new LinkedHashMap<>(Map.of("eur", 5L)), item);
    assertThat(roundTrip(codec, order)).isEqualTo(order);
  }

  @Test
  @DisplayName("ser-22: the JSON pickler's values round-trip with their types, and the stored form is JSON")
  void cashewsJsonValues() {
    ValueCodec codec = codec("serializer=json");
    Map<String, Object> any = new LinkedHashMap<>();
    any.put("any", null);
    for (Object value : List.of("str", 123, new ArrayList<>(List.of(1, 2, 3)), new ArrayList<>(List.of("s", "t", "r")),
        any, 5L, 1.5, true, new BigDecimal("1.001"), new LinkedHashSet<>(List.of(1, 2)),
        new ArrayList<>(Arrays.asList(1L, null, "x")))) {
      assertThat(roundTrip(codec, value)).isInstanceOf(value.getClass()).isEqualTo(value);
    }
    byte[] stored = codec.encode("key", new Item("nut", 3, Size.SMALL));
    assertThat(stored[0]).isEqualTo((byte) 0xF6);
    assertThat(new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8))
        .isEqualTo("{\"@class\":\"dev.kaju.internal.codec.JsonCodecTest$Item\",\"name\":\"nut\",\"count\":3,\"size\":\"SMALL\"}");
  }

  @Test
  @DisplayName("Long, byte[] and null keep the codec's own forms with serializer=json")
  void sharedForms() {
    ValueCodec codec = codec("serializer=json");
    assertThat(codec.encode("k", 42L)).asString().isEqualTo("42");
    assertThat(roundTrip(codec, NullValue.INSTANCE)).isSameAs(NullValue.INSTANCE);
    assertThat(roundTrip(codec, ascii("raw"))).isEqualTo(ascii("raw"));
  }

  @Test
  @DisplayName("java.time and Optional need Jackson modules Kaju does not register: the write fails, naming the type")
  void javaTimeNeedsModule() {
    assertThatThrownBy(() -> codec("serializer=json").encode("k", java.time.Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a java.time.Instant with serializer=json");
    assertThatThrownBy(() -> codec("serializer=json").encode("k", java.util.Optional.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a java.util.Optional with serializer=json");
  }

  @Test
  @DisplayName("a class that is not a record, an enum or a JDK type fails to encode, naming it")
  void beanRefusedOnWrite() {
    assertThatThrownBy(() -> codec("serializer=json").encode("k", new Bean()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a dev.kaju.internal.codec.JsonCodecTest$Bean with serializer=json")
        .hasMessageContaining("is not a record, an enum or a java.lang/java.util/java.time/java.math class");
    assertThatThrownBy(() -> codec("serializer=json").encode("k", new ArrayList<>(List.of(new Bean()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JsonCodecTest$Bean is not a record");
  }

  @Test
  @DisplayName("stored JSON naming a class outside the allowed kinds is a miss, never instantiated")
  void foreignClassRefusedOnRead() {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "serializer=json");
    byte[] stored = concat(new byte[] {(byte) 0xF6},
        ascii("{\"@class\":\"dev.kaju.internal.codec.JsonCodecTest$Bean\",\"name\":\"x\"}"));
    assertThat(codec.decode("key", stored)).isNull();
    assertThat(logger.messages).singleElement().asString().contains("'key'").contains("JsonCodecTest$Bean");
    assertThat(codec.decode("key", concat(new byte[] {(byte) 0xF6}, ascii("[\"java.net.URL\",\"http://x\"]")))).isNull();
  }

  @Test
  @DisplayName("JSON that no longer fits the class (a renamed field) is a miss, as cashews ser-17")
  void changedShapeIsMiss() {
    ValueCodec codec = codec("serializer=json");
    byte[] stored = concat(new byte[] {(byte) 0xF6},
        ascii("{\"@class\":\"dev.kaju.internal.codec.JsonCodecTest$Item\",\"title\":\"nut\",\"count\":3}"));
    assertThat(codec.decode("key", stored)).isNull();
  }

  @Test
  @DisplayName("a binary codec reads binary values written by a JSON codec and refuses JSON ones")
  void mixedFormats() {
    ValueCodec json = codec("serializer=json");
    ValueCodec binary = codec();
    assertThat(json.decode("k", binary.encode("k", "from binary"))).isEqualTo("from binary");
    assertThat(binary.decode("k", json.encode("k", "from json"))).isNull();
  }

  @Test
  @DisplayName("without Jackson on the class path serializer=json fails at setup, naming the artifact")
  void withoutJackson() {
    assertThatThrownBy(
            () -> CodecOptions.codec(
                config("serializer=json"),
                new RateLimitedLog(new CountingLogger(), Duration.ofSeconds(10)),
                () -> {
                  throw new NoClassDefFoundError("com/fasterxml/jackson/databind/ObjectMapper");
                }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=json needs Jackson: add the artifact com.fasterxml.jackson.core:jackson-databind");
  }
}
