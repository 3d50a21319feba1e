package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.ascii;
import static dev.kaju.internal.codec.CodecFixture.codec;
import static dev.kaju.internal.codec.CodecFixture.concat;
import static dev.kaju.internal.codec.CodecFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.spi.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignedCodecTest {

  private static final List<String> DIGESTS = List.of("sha256", "sha1", "md5", "sum");

  @Test
  @DisplayName("ser-06: the portable md5 vectors of cashews, both ways")
  void cashewsVectors() {
    ValueCodec codec = codec("secret=test", "digestmod=md5");
    assertThat(text(codec.encode("key", ascii("test")))).isEqualTo("md5:aa47dd7b9ec8a973cdea43bce56cd34c_bytes:test");
    assertThat(text(codec.encode("key", ascii("1")))).isEqualTo("md5:fa81eb7dc6d56848cb9b3dab70437927_bytes:1");
    assertThat(codec.decode("key", ascii("md5:aa47dd7b9ec8a973cdea43bce56cd34c_bytes:test"))).isEqualTo(ascii("test"));
    assertThat(codec.decode("key", ascii("md5:fa81eb7dc6d56848cb9b3dab70437927_bytes:1"))).isEqualTo(ascii("1"));
  }

  @Test
  @DisplayName("ser-07: sum is the hex of the byte sums of secret, key and payload (cashews' pickled None: 40a)")
  void sumDigest() {
    Signer signer = new Signer(ascii("test"), Digest.SUM);
    byte[] pickledNone = {(byte) 0x80, 0x05, 'N', '.'};
    assertThat(text(signer.sign("key", pickledNone))).startsWith("sum:40a_");
    // 448 (test) + 329 (key) + 1057 (bytes:test) = 1834 = 0x72a
    assertThat(text(codec("secret=test", "digestmod=sum").encode("key", ascii("test")))).isEqualTo("sum:72a_bytes:test");
  }

  @Test
  @DisplayName("the HMAC digests produce hex signatures of their length")
  void signatureLengths() {
    for (String digest : List.of("sha256:64", "sha1:40", "md5:32")) {
      String[] parts = digest.split(":");
      String stored = text(codec("secret=s3cret", "digestmod=" + parts[0]).encode("k", "v"));
      assertThat(stored).matches(parts[0] + ":[0-9a-f]{" + parts[1] + "}_.*");
    }
  }

  static Stream<Arguments> writerAndReader() {
    return DIGESTS.stream().flatMap(w -> DIGESTS.stream().map(r -> Arguments.of(w, r)));
  }

  @ParameterizedTest(name = "written with {0}, read with {1}")
  @MethodSource("writerAndReader")
  @DisplayName("ser-08: reads accept any HMAC digest named in the prefix; sum only where sum was chosen")
  void readsAnyKnownDigest(String writer, String reader) {
    byte[] stored = codec("secret=test", "digestmod=" + writer).encode("key", "value");
    assertThat(text(stored)).startsWith(writer + ":");
    Object read = codec("secret=test", "digestmod=" + reader).decode("key", stored);
    if (writer.equals("sum") && !reader.equals("sum")) {
      assertThat(read).as("a forgeable sum signature read by a %s cache", reader).isNull();
    } else {
      assertThat(read).isEqualTo("value");
    }
  }

  @Test
  @DisplayName("ser-08: a sha256 codec reads cashews' md5 entries")
  void sha256ReadsMd5() {
    assertThat(codec("secret=test").decode("key", ascii("md5:aa47dd7b9ec8a973cdea43bce56cd34c_bytes:test")))
        .isEqualTo(ascii("test"));
  }

  static Stream<Arguments> tampered() {
    ValueCodec codec = codec("secret=test", "digestmod=md5");
    byte[] good = codec.encode("key", "value");
    byte[] payload = codec().encode("key", "value");
    byte[] flippedPayload = good.clone();
    flippedPayload[flippedPayload.length - 1] ^= 1;
    byte[] flippedSignature = good.clone();
    flippedSignature[4] = (byte) (flippedSignature[4] == 'a' ? 'b' : 'a');
    byte[] upperCaseSignature = ascii(text(good).substring(0, 36).toUpperCase() + text(good).substring(36));
    upperCaseSignature[0] = 'm';
    upperCaseSignature[1] = 'd';
    upperCaseSignature[2] = '5';
    return Stream.of(
        Arguments.of("_<payload> (no digest, no signature)", concat(ascii("_"), payload), "no signature"),
        Arguments.of(":_<payload> (empty digest)", concat(ascii(":_"), payload), "unknown digest ''"),
        Arguments.of("md5:_<payload> (empty signature)", concat(ascii("md5:_"), payload), "bad md5 signature"),
        Arguments.of("sha1:_<payload> (empty signature)", concat(ascii("sha1:_"), payload), "bad sha1 signature"),
        Arguments.of("__<payload>", concat(ascii("__"), payload), "no signature"),
        Arguments.of("<payload> unsigned", payload, "no signature"),
        Arguments.of("sha512:<hex>_<payload> (unknown digest)", concat(ascii("sha512:" + "ab".repeat(64) + "_"), payload),
            "unknown digest 'sha512'"),
        Arguments.of("md5:<hex> with no '_'", ascii("md5:" + "ab".repeat(16)), "no '_'"),
        Arguments.of("one payload byte flipped", flippedPayload, "bad md5 signature"),
        Arguments.of("one signature char changed", flippedSignature, "bad md5 signature"),
        Arguments.of("signature in upper case", upperCaseSignature, "bad md5 signature"),
        Arguments.of("ser-14: garbage without separator", ascii("nopickledata"), "no signature"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampered")
  @DisplayName("ser-10/11/14: tampered or unsigned bytes are a miss and a warning naming the key and why")
  void tamperedIsMiss(String what, byte[] stored, String reason) {
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger, "secret=test", "digestmod=md5").decode("key", stored)).isNull();
    assertThat(logger.messages).singleElement().asString().contains("'key'").contains(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "sha1", "md5", "sum"})
  @DisplayName("ser-12: a value copied under another key is a miss")
  void keyIsSigned(String digest) {
    ValueCodec codec = codec("secret=test", "digestmod=" + digest);
    byte[] stored = codec.encode("key", "value");
    assertThat(codec.decode("key", stored)).isEqualTo("value");
    assertThat(codec.decode("replace", stored)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "sha1", "md5", "sum"})
  @DisplayName("ser-13: a wrong secret is a miss")
  void wrongSecret(String digest) {
    byte[] stored = codec("secret=test", "digestmod=" + digest).encode("key", new ArrayList<>(List.of(1, 2)));
    assertThat(codec("secret=other", "digestmod=" + digest).decode("key", stored)).isNull();
  }

  @Test
  @DisplayName("ser-14: garbage without a secret is a miss too")
  void garbageWithoutSecret() {
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger).decode("key", ascii("nopickledata"))).isNull();
    assertThat(logger.messages).singleElement().asString().contains("not a value Kaju wrote (starts with 'nopickledata')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "sha1", "md5", "sum"})
  @DisplayName("ser-20: written with a secret, read without one: a miss, a Long too (it is signed)")
  void secretOnWriterOnly(String digest) {
    ValueCodec signed = codec("secret=test", "digestmod=" + digest);
    CountingLogger logger = new CountingLogger();
    ValueCodec unsigned = codec(logger);
    assertThat(unsigned.decode("key", signed.encode("key", "value"))).isNull();
    assertThat(unsigned.decode("key", signed.encode("key", ascii("raw")))).isNull();
    assertThat(unsigned.decode("key", signed.encode("key", NullValue.INSTANCE))).isNull();
    assertThat(unsigned.decode("key", signed.encode("key", 42L))).isNull();
    assertThat(logger.messages).first().asString().contains("signed with " + digest + " but this codec has no secret");
  }

  @Test
  @DisplayName("ser-21: written without a secret, read with one: a miss (SPEC wins over cashews); digits are a counter")
  void secretOnReaderOnly() {
    ValueCodec unsigned = codec();
    ValueCodec signed = codec("secret=test");
    assertThat(signed.decode("key", unsigned.encode("key", "value"))).isNull();
    assertThat(signed.decode("key", unsigned.encode("key", ascii("raw")))).isNull();
    assertThat(signed.decode("key", unsigned.encode("key", -42L))).isEqualTo(new UnsignedCounter(-42));
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "-5", "9223372036854775807", "-9223372036854775808"})
  @DisplayName("issue 10: with a secret a Long is signed like any value, so no one can plant one")
  void longIsSigned(long value) {
    for (String digest : DIGESTS) {
      ValueCodec codec = codec("secret=test", "digestmod=" + digest);
      byte[] stored = codec.encode("key", value);
      assertThat(text(stored)).startsWith(digest + ":");
      assertThat(codec.decode("key", stored)).isEqualTo(value);
      assertThat(codec.decode("other-key", stored)).isNull();
    }
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,1", "-5,-5", "007,7", "9223372036854775807,9223372036854775807",
      "-9223372036854775808,-9223372036854775808"})
  @DisplayName("issue 10: with a secret, unsigned digits (incr's counters) read as an UnsignedCounter, never a Long")
  void digitsAreUnsignedCounters(String digits, long value) {
    for (String digest : DIGESTS) {
      Object read = codec("secret=test", "digestmod=" + digest).decode("any-key", ascii(digits));
      assertThat(read).isNotInstanceOf(Long.class).isEqualTo(new UnsignedCounter(value));
    }
  }

  @Test
  @DisplayName("with a secret, digits out of a Long's range are a miss")
  void hugeDigitsMiss() {
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger, "secret=test").decode("key", ascii("99999999999999999999"))).isNull();
    assertThat(logger.messages).singleElement().asString().contains("out of a Long's range");
  }

  @Test
  @DisplayName("a cached null is signed like any value")
  void nullIsSigned() {
    ValueCodec codec = codec("secret=test");
    byte[] stored = codec.encode("key", NullValue.INSTANCE);
    assertThat(text(stored)).startsWith("sha256:");
    assertThat(codec.decode("key", stored)).isSameAs(NullValue.INSTANCE);
    assertThat(codec.decode("other", stored)).isNull();
  }

  @Test
  @DisplayName("1000 bad reads log one warning, and the next report counts the skipped ones")
  void warningsAreRateLimited() {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, "secret=test");
    byte[] stored = codec.encode("key", "value");
    for (int i = 0; i < 1000; i++) {
      assertThat(codec.decode("other" + i, stored)).isNull();
    }
    assertThat(logger.messages).hasSize(1);
    assertThat(logger.messages.get(0)).contains("'other0'").contains("bad sha256 signature");
  }

  @Test
  @DisplayName("a secret is any UTF-8 text; the signature covers the key's UTF-8 bytes")
  void utf8SecretAndKey() {
    ValueCodec codec = codec("secret=сек рет", "digestmod=md5");
    byte[] stored = codec.encode("ключ", "value");
    assertThat(codec.decode("ключ", stored)).isEqualTo("value");
    assertThat(codec.decode(new String("ключ".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), stored))
        .isNull();
  }
}
