package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static dev.kaju.internal.codec.CodecFixture.concat;
import static dev.kaju.internal.codec.CodecFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Codecs;
import dev.kaju.internal.NullValue;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

  /** Set by {@link Trap}'s static initializer, which must never run. */
  static final AtomicBoolean TRAP_INITIALIZED = new AtomicBoolean();

  /** Named only as text in a planted payload; nothing else refers to it, so only a read could initialize it. */
  static final class Trap {
    static {
      TRAP_INITIALIZED.set(true);
    }
  }

  record Item(String name, int count) {}

  /** A record nobody registered. */
  record Unregistered(String name) {}

  /** A plain bean. */
  static final class Bean {
    public String name = "bean";
  }

  @BeforeAll
  static void registerItem() {
    Codecs.register(
        Item.class,
        i -> (i.count() + ":" + i.name()).getBytes(StandardCharsets.UTF_8),
        b -> {
          String s = new String(b, StandardCharsets.UTF_8);
          return new Item(s.substring(s.indexOf(':') + 1), Integer.parseInt(s.substring(0, s.indexOf(':'))));
        });
  }

  private static Object roundTrip(ValueCodec codec, Object value) {
    return codec.decode("key", codec.encode("key", value));
  }

  private static byte[] json(String text) {
    return concat(new byte[] {(byte) 0xF6}, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String stored(ValueCodec codec, Object value) {
    byte[] stored = codec.encode("key", value);
    assertThat(stored[0]).isEqualTo((byte) 0xF6);
    return new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
  }

  private static long liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).count();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret=test"})
  @DisplayName("a registered type round-trips alone and inside lists and maps, by its registered name")
  void registeredTypes(String secret) {
    ValueCodec codec = secret.isEmpty() ? codec("serializer=json") : codec("serializer=json", secret);
    Item item = new Item("nut", 3);
    assertThat(roundTrip(codec, item)).isEqualTo(item);
    List<Item> items = new ArrayList<>(List.of(item, new Item("bolt", 1)));
    assertThat(roundTrip(codec, items)).isInstanceOf(ArrayList.class).isEqualTo(items);
    Map<String, Object> map = new LinkedHashMap<>(Map.of("item", item));
    assertThat(roundTrip(codec, map)).isEqualTo(map);
    assertThat(stored(codec("serializer=json"), item)).startsWith("{\"@binary\":\"");
  }

  @Test
  @DisplayName("ser-22: plain values round-trip with their types, and the stored form is plain JSON")
  void plainValues() {
    ValueCodec codec = codec("serializer=json");
    Map<String, Object> any = new LinkedHashMap<>();
    any.put("any", null);
    for (Object value : List.of("str", 123, new ArrayList<>(List.of(1, 2, 3)), new ArrayList<>(List.of("s", "t", "r")),
        any, 5L, 1.5, true, new BigDecimal("1.001"), new LinkedHashSet<>(List.of(1, 2)),
        new ArrayList<>(Arrays.asList(1L, null, "x")), new LinkedHashMap<>(Map.of(1, "one")),
        Instant.ofEpochSecond(5, 7), Optional.of("x"), UUID.randomUUID(), Double.NaN, 2.5f)) {
      assertThat(roundTrip(codec, value)).isInstanceOf(value.getClass()).isEqualTo(value);
    }
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("id", "o1");
    order.put("lines", new ArrayList<>(List.of(1, 2)));
    order.put("paid", false);
    order.put("total", 9.5);
    assertThat(stored(codec, order)).isEqualTo("{\"id\":\"o1\",\"lines\":[1,2],\"paid\":false,\"total\":9.5}");
    assertThat(stored(codec, new ArrayList<>(Arrays.asList(1L, null, "x")))).isEqualTo("[{\"@long\":1},null,\"x\"]");
    assertThat(stored(codec, new LinkedHashSet<>(List.of("a")))).isEqualTo("{\"@set\":[\"a\"]}");
  }

  @Test
  @DisplayName("a map key starting with @ is escaped, so stored data cannot pose as a tagged value")
  void atKeysEscaped() {
    ValueCodec codec = codec("serializer=json");
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("@class", "java.util.Timer");
    map.put("@@x", 1);
    assertThat(stored(codec, map)).isEqualTo("{\"@@class\":\"java.util.Timer\",\"@@@x\":1}");
    assertThat(roundTrip(codec, map)).isEqualTo(map);
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
  @DisplayName("a type that is neither plain nor registered fails to encode, naming it and Codecs.register")
  void unregisteredRefusedOnWrite() {
    assertThatThrownBy(() -> codec("serializer=json").encode("k", new Bean()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a dev.kaju.internal.codec.JsonCodecTest$Bean with serializer=json")
        .hasMessageContaining("Codecs.register(Bean.class, encoder, decoder)");
    assertThatThrownBy(() -> codec("serializer=json").encode("k", new ArrayList<>(List.of(new Unregistered("x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a dev.kaju.internal.codec.JsonCodecTest$Unregistered");
  }

  @Test
  @DisplayName("issue 10: a planted {\"@class\":\"java.util.Timer\"} is a miss and starts no thread")
  void plantedTimerIsMiss() {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "serializer=json");
    long before = liveNonDaemonThreads();
    for (int i = 0; i < 3; i++) {
      assertThat(codec.decode("key", json("{\"@class\":\"java.util.Timer\"}"))).isNull();
      assertThat(codec.decode("key", json("[\"java.util.Timer\",{}]"))).isNotInstanceOf(java.util.Timer.class);
    }
    assertThat(liveNonDaemonThreads()).isEqualTo(before);
    assertThat(logger.messages).first().asString().contains("'key'").contains("'@class'");
  }

  @Test
  @DisplayName("issue 10: a payload naming a class is a miss, and the class is never initialized")
  void namedClassNeverInitialized() {
    String trap = "dev.kaju.internal.codec.JsonCodecTest$Trap";
    ValueCodec codec = codec("serializer=json");
    Object read = codec.decode("key", json("{\"@class\":\"" + trap + "\"}"));
    assertThat(TRAP_INITIALIZED).isFalse();
    assertThat(read).isNull();
    assertThat(codec.decode("key", json("[\"" + trap + "\",{}]"))).isEqualTo(List.of(trap, Map.of()));
    assertThat(codec.decode("key", json("{\"@binary\":\"MA==\",\"@class\":\"" + trap + "\"}"))).isNull();
    assertThat(TRAP_INITIALIZED).isFalse();
  }

  @Test
  @DisplayName("@binary finds a registered type by its name only: a name registered elsewhere is a miss")
  void unknownRegisteredName() {
    TypeRegistry elsewhere = new TypeRegistry();
    elsewhere.register(Unregistered.class, u -> u.name().getBytes(StandardCharsets.UTF_8), b -> new Unregistered("?"));
    byte[] binary = new BinaryFormat(elsewhere).encode(new Unregistered("x"));
    String base64 = java.util.Base64.getEncoder().encodeToString(Arrays.copyOfRange(binary, 1, binary.length));
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger, "serializer=json").decode("key", json("{\"@binary\":\"" + base64 + "\"}"))).isNull();
    assertThat(logger.messages).singleElement().asString()
        .contains("no codec registered for dev.kaju.internal.codec.JsonCodecTest$Unregistered");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"@long\":\"5\"}", "{\"@long\":99999999999999999999}", "{\"@set\":1}", "{\"@map\":[1]}",
      "{\"@long\":1,\"x\":2}", "{\"a\":1,\"@set\":[]}", "{\"@binary\":\"AA==\"}", "[1] [2]", "[1", "null", "",
      "{\"a\":1,\"a\":2}"})
  @DisplayName("malformed or ambiguous JSON is a miss")
  void malformedIsMiss(String text) {
    assertThat(codec("serializer=json").decode("key", json(text))).isNull();
  }

  @Test
  @DisplayName("JSON nested deeper than the limit is a miss, not a StackOverflowError")
  void deepIsMiss() {
    assertThat(codec("serializer=json").decode("key", json("[".repeat(5000) + "]".repeat(5000)))).isNull();
    assertThat(codec("serializer=json").decode("key", json("[".repeat(50) + "]".repeat(50)))).isNotNull();
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
                binary -> {
                  throw new NoClassDefFoundError("com/fasterxml/jackson/core/JsonFactory");
                }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=json needs Jackson: add the artifact com.fasterxml.jackson.core:jackson-core");
  }
}
