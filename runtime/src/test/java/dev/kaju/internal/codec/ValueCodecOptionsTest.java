package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.config;
import static dev.kaju.internal.codec.CodecFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.spi.Option;
import dev.kaju.spi.ValueCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueCodecOptionsTest {

  @Test
  @DisplayName("options() lists the codec options with their defaults, for byte backends to add")
  void options() {
    assertThat(ValueCodec.options()).extracting(Option::name)
        .containsExactly("secret", "digestmod", "serializer", "java_allow", "java_maxbytes", "java_maxrefs",
            "java_unsigned_unsafe", "compress", "compress_min", "compress_max");
    assertThat(ValueCodec.options()).extracting(Option::defaultValue)
        .containsExactly(null, "sha256", "binary", null, null, null, null, null, null, "16777216");
    assertThat(ValueCodec.options()).extracting(Option::type)
        .containsExactly(Option.Type.STRING, Option.Type.STRING, Option.Type.STRING, Option.Type.STRING,
            Option.Type.POSITIVE_LONG, Option.Type.POSITIVE_LONG, Option.Type.BOOLEAN, Option.Type.STRING,
            Option.Type.NON_NEGATIVE_LONG, Option.Type.POSITIVE_LONG);
  }

  @Test
  @DisplayName("no options: binary and unsigned; a secret alone: sha256")
  void defaults() {
    assertThat(text(ValueCodec.from(config()).encode("k", "v"))).startsWith("\u00F5");
    assertThat(text(ValueCodec.from(config("secret=test")).encode("k", "v"))).matches("sha256:[0-9a-f]{64}_\u00F5.*");
  }

  @Test
  @DisplayName("digestmod is case-insensitive and stored in lower case")
  void digestCase() {
    assertThat(text(ValueCodec.from(config("secret=test", "digestmod=MD5")).encode("k", "v"))).startsWith("md5:");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "digestmod=sha512|bad value 'sha512' for option digestmod: expected one of sha256, sha1, md5, sum; did you mean 'sha1'?",
        "digestmod=sh256|bad value 'sh256' for option digestmod: expected one of sha256, sha1, md5, sum; did you mean 'sha256'?",
        "serializer=xml|bad value 'xml' for option serializer: expected one of binary, json, java",
        "serializer=jsn|bad value 'jsn' for option serializer: expected one of binary, json, java; did you mean 'json'?",
        "secret=|option secret must not be empty; leave it out to store values unsigned",
      })
  @DisplayName("a bad option value fails in from(), naming it and the valid ones")
  void badValues(String option, String message) {
    assertThatThrownBy(() -> ValueCodec.from(config(option)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
