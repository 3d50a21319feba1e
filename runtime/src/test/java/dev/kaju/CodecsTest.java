package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each test registers its own types: registrations are global. */
class CodecsTest {

  private static ValueCodec codec(String... options) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String option : options) {
      map.put(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
    }
    return ValueCodec.from(new BackendConfig("redis", "redis://h", "h", 6379, "", null, map, Ticker.system(), java.time.Clock.systemUTC()));
  }

  private static Object roundTrip(ValueCodec codec, Object value) {
    return codec.decode("key", codec.encode("key", value));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  record Money(String currency, long cents) {}

  @Test
  @DisplayName("a registered type round-trips alone and inside collections, signed or not")
  void registeredRoundTrip() {
    Codecs.register(Money.class, m -> utf8(m.currency() + ":" + m.cents()), b -> {
      String[] parts = new String(b, StandardCharsets.UTF_8).split(":");
      return new Money(parts[0], Long.parseLong(parts[1]));
    });
    for (ValueCodec codec : List.of(codec(), codec("secret=s", "digestmod=md5"))) {
      assertThat(roundTrip(codec, new Money("EUR", 150))).isEqualTo(new Money("EUR", 150));
      List<Object> list = new ArrayList<>(List.of(new Money("USD", 1), "x", new Money("EUR", -2)));
      assertThat(roundTrip(codec, list)).isEqualTo(list);
    }
  }

  @Test
  @DisplayName("the stored form tags the value with its type's name")
  void storedByName() {
    record Tagged(int n) {}
    Codecs.register(Tagged.class, t -> new byte[] {(byte) t.n()}, b -> new Tagged(b[0]));
    byte[] stored = codec().encode("key", new Tagged(9));
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).contains(Tagged.class.getName());
  }

  interface Shape {}

  static class Base implements Shape {
    final int size;

    Base(int size) {
      this.size = size;
    }
  }

  static final class Square extends Base {
    Square(int size) {
      super(size);
    }
  }

  record Circle(int radius) implements Shape {}

  @Test
  @DisplayName("exact class first, then the nearest registered superclass, then a registered interface")
  void supertypes() {
    Codecs.register(Shape.class, s -> utf8("shape"), b -> new Circle(0));
    Codecs.register(Base.class, s -> utf8(Integer.toString(s.size)), b -> new Base(Integer.parseInt(new String(b, StandardCharsets.UTF_8))));
    ValueCodec codec = codec();
    // Square: no exact codec, Base's is nearer than Shape's
    assertThat(roundTrip(codec, new Square(4))).isExactlyInstanceOf(Base.class).extracting(b -> ((Base) b).size).isEqualTo(4);
    // Circle: only the interface matches
    assertThat(roundTrip(codec, new Circle(5))).isEqualTo(new Circle(0));
    Codecs.register(Circle.class, c -> utf8(Integer.toString(c.radius())), b -> new Circle(Integer.parseInt(new String(b, StandardCharsets.UTF_8))));
    assertThat(roundTrip(codec, new Circle(5))).isEqualTo(new Circle(5));
  }

  record Versioned(String text) {}

  @Test
  @DisplayName("registering a type again replaces its codec, for reads of older values too")
  void replace() {
    Codecs.register(Versioned.class, v -> utf8(v.text()), b -> new Versioned("v1:" + new String(b, StandardCharsets.UTF_8)));
    byte[] stored = codec().encode("key", new Versioned("x"));
    Codecs.register(Versioned.class, v -> utf8(v.text()), b -> new Versioned("v2:" + new String(b, StandardCharsets.UTF_8)));
    assertThat(codec().decode("key", stored)).isEqualTo(new Versioned("v2:x"));
  }

  record Fragile(String text) {}

  @Test
  @DisplayName("cashews ser-25: a decoder that throws, or returns the wrong type or null, makes a miss")
  void decoderFailureIsMiss() {
    ValueCodec codec = codec();
    Codecs.register(Fragile.class, f -> utf8(f.text()), b -> {
      throw new IllegalStateException("cannot read " + new String(b, StandardCharsets.UTF_8));
    });
    byte[] stored = codec.encode("key", new Fragile("x"));
    assertThat(codec.decode("key", stored)).isNull();
    Codecs.register(Fragile.class, f -> utf8(f.text()), b -> null);
    assertThat(codec.decode("key", stored)).isNull();
    assertThat(codec.decode("key", codec.encode("key", new ArrayList<>(List.of(new Fragile("y")))))).isNull();
  }

  record Counted(int n) {}

  @Test
  @DisplayName("a bad signature is a miss before the registered decoder sees a byte")
  void signatureBeforeDecoder() {
    AtomicInteger calls = new AtomicInteger();
    Codecs.register(Counted.class, c -> new byte[] {(byte) c.n()}, b -> {
      calls.incrementAndGet();
      return new Counted(b[0]);
    });
    ValueCodec codec = codec("secret=test");
    byte[] stored = codec.encode("key", new Counted(1));
    assertThat(codec.decode("key", stored)).isEqualTo(new Counted(1));
    assertThat(calls).hasValue(1);
    assertThat(codec.decode("other-key", stored)).isNull();
    stored[stored.length - 1] ^= 1;
    assertThat(codec.decode("key", stored)).isNull();
    assertThat(calls).hasValue(1);
  }

  record Unregistered(int n) {}

  @Test
  @DisplayName("a stored type nobody registered in this JVM is a miss")
  void unknownTypeIsMiss() {
    byte[] name = utf8("com.example.Gone");
    byte[] stored = new byte[5 + name.length];
    stored[0] = (byte) 0xF5;
    stored[1] = 48;
    stored[2] = 3;
    stored[3] = (byte) name.length;
    System.arraycopy(name, 0, stored, 4, name.length);
    stored[4 + name.length] = 0;
    assertThat(codec().decode("key", stored)).isNull();
    assertThatThrownBy(() -> codec().encode("key", new Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a dev.kaju.CodecsTest$Unregistered")
        .hasMessageContaining("Codecs.register(Unregistered.class, encoder, decoder)");
  }

  @Test
  @DisplayName("an encoder returning null fails the write, naming the type")
  void encoderReturningNull() {
    record Empty() {}
    Codecs.register(Empty.class, e -> null, b -> new Empty());
    assertThatThrownBy(() -> codec().encode("key", new Empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the encoder registered for " + Empty.class.getName() + " returned null");
  }

  @Test
  @DisplayName("null arguments fail with an NPE naming them; built-in, primitive and array types are refused")
  void badArguments() {
    assertThatThrownBy(() -> Codecs.register(null, v -> new byte[0], b -> null))
        .isInstanceOf(NullPointerException.class).hasMessage("type");
    assertThatThrownBy(() -> Codecs.register(Money.class, null, b -> null))
        .isInstanceOf(NullPointerException.class).hasMessage("encoder");
    assertThatThrownBy(() -> Codecs.register(Money.class, v -> new byte[0], null))
        .isInstanceOf(NullPointerException.class).hasMessage("decoder");
    assertThatThrownBy(() -> Codecs.register(String.class, v -> new byte[0], b -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot register a codec for java.lang.String: Kaju encodes it itself");
    assertThatThrownBy(() -> Codecs.register(List.class, v -> new byte[0], b -> List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.List: Kaju encodes it itself");
    assertThatThrownBy(() -> Codecs.register(int.class, v -> new byte[0], b -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot register a codec for int: register a class or an interface");
    assertThatThrownBy(() -> Codecs.register(long[].class, v -> new byte[0], b -> new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot register a codec for long[]: register a class or an interface");
  }
}
