package dev.kaju.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeyBytes: UTF-8, lossless for every Java string")
class KeyBytesTest {

  @Test
  @DisplayName("a valid string encodes exactly as UTF-8 and decodes back")
  void validIsUtf8() {
    for (String s : List.of("", "user:1", "Grüße", "日本", "emoji \uD83D\uDE00 pair")) {
      assertThat(KeyBytes.encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
      assertThat(KeyBytes.decode(KeyBytes.encode(s))).isEqualTo(s);
    }
  }

  @Test
  @DisplayName("lone surrogates stay apart from '?' and from each other, and round-trip")
  void loneSurrogates() {
    List<String> keys = List.of("what?", "what\uD800", "what\uDBFF", "what\uDC00", "\uDC00\uD800", "a\uD800b\uDFFFc");
    for (String k : keys) {
      assertThat(KeyBytes.decode(KeyBytes.encode(k))).as(k).isEqualTo(k);
    }
    assertThat(keys.stream().map(k -> new String(KeyBytes.encode(k), StandardCharsets.ISO_8859_1)).distinct()).hasSize(keys.size());
    assertThat(KeyBytes.encode("what\uD800")).isNotEqualTo("what?".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("bytes that are not UTF-8 decode with U+FFFD, as new String(bytes, UTF_8) does")
  void foreignBytes() {
    byte[] bad = {'a', (byte) 0xFF, 'b'};
    assertThat(KeyBytes.decode(bad)).isEqualTo(new String(bad, StandardCharsets.UTF_8));
  }
}
