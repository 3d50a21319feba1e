package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.codec;
import static dev.kaju.internal.codec.CodecFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JavaCodecTest {

  record Point(int x, int y, List<Long> path) implements Serializable {}

  @BeforeEach
  void reset() {
    Evil.ran = false;
  }

  private static final Signer SIGNER = new Signer("test".getBytes(StandardCharsets.UTF_8), Digest.SHA256);

  /** A codec of serializer=java with secret {@code test} and these options. */
  private static ValueCodec signedCodec(CountingLogger logger, String... options) {
    String[] all = Arrays.copyOf(options, options.length + 2);
    all[options.length] = "serializer=java";
    all[options.length + 1] = "secret=test";
    return codec(logger, all);
  }

  /** {@code payload} signed under key {@code k} with secret {@code test}: past the signature, onto the filter. */
  private static byte[] signed(byte[] payload) {
    return SIGNER.sign("k", payload);
  }

  /**
   * The "SerialDOS" graph: 60 levels of two HashSets each holding both sets of the next level, so
   * that rebuilding the top set hashes 2^60 times (about 3.5 KB serialized).
   */
  static Set<Object> serialDos() {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  /** A Java-serialization payload as serializer=java writes it: marker 0xF7 and the stream. */
  private static byte[] javaPayload(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0xF7);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret=test"})
  @DisplayName("allowed classes round-trip, the JDK's boxed numbers need no pattern (signed, or unsigned by opting out)")
  void allowedRoundTrip(String secret) {
    String[] options = secret.isEmpty()
        ? new String[] {"serializer=java", "java_allow=dev.kaju.internal.codec.**;java.util.*", "java_unsigned_unsafe=true"}
        : new String[] {"serializer=java", "java_allow=dev.kaju.internal.codec.**;java.util.*", secret};
    ValueCodec codec = codec(options);
    Point point = new Point(1, -2, new ArrayList<>(List.of(3L, 4L)));
    assertThat(codec.decode("k", codec.encode("k", point))).isEqualTo(point);
    Map<String, Object> map = new HashMap<>(Map.of("a", 1, "b", new BigDecimal("1.50"), "c", 'x'));
    assertThat(codec.decode("k", codec.encode("k", map))).isEqualTo(map);
    assertThat(codec.decode("k", codec.encode("k", "text"))).isEqualTo("text");
    assertThat(codec.decode("k", codec.encode("k", NullValue.INSTANCE))).isSameAs(NullValue.INSTANCE);
    assertThat(codec.decode("k", codec.encode("k", 7L))).isEqualTo(7L);
  }

  @Test
  @DisplayName("a payload of a class java_allow does not list is refused before its readObject runs")
  void refusesEvil() throws IOException {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = signedCodec(logger, "java_allow=java.util.*");
    assertThat(codec.decode("k", signed(javaPayload(new Evil("rm -rf /"))))).isNull();
    assertThat(Evil.ran).isFalse();
    assertThat(logger.messages).singleElement().asString()
        .contains("'k'")
        .contains("class dev.kaju.internal.codec.Evil is not allowed by java_allow=java.util.*");
  }

  @Test
  @DisplayName("a refused class nested inside allowed ones is refused too")
  void refusesNestedEvil() throws IOException {
    ValueCodec codec = codec("serializer=java", "java_allow=java.util.*", "java_unsigned_unsafe=true");
    assertThat(codec.decode("k", javaPayload(new ArrayList<>(List.of("ok", new Evil("x")))))).isNull();
    assertThat(Evil.ran).isFalse();
  }

  @Test
  @DisplayName("a correctly signed payload of a refused class is still refused: the filter does not trust the secret")
  void refusesSignedEvil() throws IOException {
    ValueCodec codec = codec("serializer=java", "java_allow=java.util.*", "secret=test");
    byte[] signed = new Signer("test".getBytes(StandardCharsets.UTF_8), Digest.SHA256).sign("k", javaPayload(new Evil("x")));
    assertThat(codec.decode("k", signed)).isNull();
    assertThat(Evil.ran).isFalse();
  }

  @Test
  @DisplayName("the same payload with the class allowed does deserialize: the test really exercises readObject")
  void allowedEvilRuns() throws IOException {
    ValueCodec codec = signedCodec(new CountingLogger(), "java_allow=dev.kaju.internal.codec.Evil");
    assertThat(codec.decode("k", signed(javaPayload(new Evil("x"))))).isInstanceOf(Evil.class);
    assertThat(Evil.ran).isTrue();
  }

  @Test
  @DisplayName("a Java payload read by a binary codec is a miss, never deserialized")
  void binaryCodecNeverDeserializes() throws IOException {
    assertThat(codec().decode("k", javaPayload(new Evil("x")))).isNull();
    assertThat(codec("serializer=json").decode("k", javaPayload(new Evil("x")))).isNull();
    assertThat(Evil.ran).isFalse();
  }

  @Test
  @DisplayName("graphs deeper than the filter's maxdepth are refused")
  void depthLimit() throws IOException {
    List<Object> list = new ArrayList<>();
    List<Object> inner = list;
    for (int i = 0; i < 100; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    CountingLogger logger = new CountingLogger();
    assertThat(signedCodec(logger, "java_allow=java.util.*").decode("k", signed(javaPayload(list)))).isNull();
    assertThat(logger.messages).singleElement().asString().contains("maxdepth=64");
  }

  @Test
  @DisplayName("a value that is not Serializable fails to encode, naming it")
  void notSerializable() {
    assertThatThrownBy(() -> codec("serializer=java", "java_allow=java.util.*", "secret=test").encode("k", new ArrayList<>(List.of(new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode a java.util.ArrayList with serializer=java: java.lang.Object is not Serializable");
  }

  @Test
  @DisplayName("serializer=java without java_allow fails at setup, saying what to add")
  void needsAllowList() {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=java needs option java_allow")
        .hasMessageContaining("com.example.**;java.util.*");
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow= ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=java needs option java_allow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"binary", "json"})
  @DisplayName("java_allow with another serializer fails at setup rather than being ignored")
  void allowListOnlyForJava(String serializer) {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=" + serializer, "java_allow=java.util.*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option java_allow applies only to serializer=java, and serializer is " + serializer
            + "; remove java_allow or set serializer=java");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "java.util.*;**", "com.example.**; .** "})
  @DisplayName("an allow-list that allows every class is refused")
  void allowEverythingRefused(String allow) {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow=" + allow)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would allow every class");
  }

  @Test
  @DisplayName("a malformed allow-list, or one with limits, fails at setup, naming the option")
  void malformedAllowList() {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow=java.base/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad value 'java.base/' for option java_allow: class or package missing");
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow=java.util.*;maxdepth=1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maxdepth=1000' is a limit; java_allow takes class patterns only");
  }

  @Test
  @DisplayName("issue 10: serializer=java without a secret fails at setup, naming secret and the opt-out")
  void needsSecret() {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow=java.util.*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=java needs option secret")
        .hasMessageContaining("java_unsigned_unsafe=true");
    assertThatThrownBy(
            () -> CodecOptions.codec(config("serializer=java", "java_allow=java.util.*", "java_unsigned_unsafe=false")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serializer=java needs option secret");
    assertThatThrownBy(
            () -> CodecOptions.codec(
                config("serializer=java", "java_allow=java.util.*", "java_unsigned_unsafe=true", "secret=s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java_unsigned_unsafe=true contradicts option secret");
  }

  @Test
  @DisplayName("issue 10: a planted SerialDOS payload is a miss at once, or its setup is refused; never a pinned thread")
  void serialDosNeverDecoded() throws IOException {
    byte[] payload = javaPayload(serialDos());
    assertThat(payload.length).isBetween(3000, 4500);
    byte[] underOtherKey = SIGNER.sign("other", payload);
    byte[] otherSecret = new Signer("other".getBytes(StandardCharsets.UTF_8), Digest.SHA256).sign("k", payload);
    for (String secret : List.of("", "secret=test")) {
      ValueCodec codec;
      try {
        codec = secret.isEmpty()
            ? codec("serializer=java", "java_allow=java.util.*")
            : codec("serializer=java", "java_allow=java.util.*", secret);
      } catch (IllegalArgumentException refused) {
        assertThat(secret).isEmpty();
        continue;
      }
      assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
        assertThat(codec.decode("k", payload)).isNull();
        assertThat(codec.decode("k", underOtherKey)).isNull();
        assertThat(codec.decode("k", otherSecret)).isNull();
      });
    }
  }

  @Test
  @DisplayName("java_maxbytes refuses a longer signed stream before reading it")
  void maxBytes() throws IOException {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = signedCodec(logger, "java_allow=java.util.*", "java_maxbytes=1000");
    assertThat(codec.decode("k", codec.encode("k", "x".repeat(900)))).isEqualTo("x".repeat(900));
    assertThatThrownBy(() -> codec.encode("k", "x".repeat(2000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over java_maxbytes=1000");
    ValueCodec roomy = signedCodec(new CountingLogger(), "java_allow=java.util.*", "java_maxbytes=100000");
    assertThat(codec.decode("k", roomy.encode("k", "x".repeat(2000)))).isNull(); // written elsewhere: refused on read
    assertThat(logger.messages).singleElement().asString().contains("'k'").contains("over java_maxbytes=1000");
  }

  @Test
  @DisplayName("java_maxrefs refuses a signed stream with more objects and references")
  void maxRefs() throws IOException {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = signedCodec(logger, "java_allow=java.util.*", "java_maxrefs=10");
    List<Integer> few = new ArrayList<>(List.of(1000, 1001));
    assertThat(codec.decode("k", codec.encode("k", few))).isEqualTo(few);
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(1000 + i); // each a new object, each checked by the filter (strings are not)
    }
    assertThat(codec.decode("k", codec.encode("k", many))).isNull();
    assertThat(logger.messages).singleElement().asString().contains("'k'").contains("maxrefs=10");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "java_maxrefs=-3|java_maxrefs must be positive, was -3",
        "java_maxbytes=0|java_maxbytes must be positive, was 0",
        "java_maxbytes=lots|bad value 'lots' for option java_maxbytes: expected a whole number greater than 0",
      })
  @DisplayName("the limits are checked when the codec is built")
  void badLimits(String option, String message) {
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=java", "java_allow=java.util.*", "secret=s", option)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java_maxbytes=10", "java_maxrefs=10", "java_unsigned_unsafe=true"})
  @DisplayName("a java_ option with another serializer fails at setup rather than being ignored")
  void javaOptionsOnlyForJava(String option) {
    String name = option.substring(0, option.indexOf('='));
    assertThatThrownBy(() -> CodecOptions.codec(config("serializer=json", option)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option " + name + " applies only to serializer=java, and serializer is json; remove " + name
            + " or set serializer=java");
  }
}
