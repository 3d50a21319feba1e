package dev.kaju.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobPatternTest {

  private static boolean matches(String pattern, String key) {
    return GlobPattern.compile(pattern).matches(key);
  }

  @Test
  @DisplayName("be-29 / be-30: pref:*:test matches exactly the four keys, anchored at both ends")
  void prefStarTest() {
    GlobPattern p = GlobPattern.compile("pref:*:test");
    List<String> keys =
        List.of(
            "pref:test:test",
            "pref:value:test",
            "pref:-:test",
            "pref:*:test",
            "ppref:test:test",
            "pref:test:tests");
    assertThat(keys.stream().filter(p::matches).collect(Collectors.toList()))
        .containsExactly("pref:test:test", "pref:value:test", "pref:-:test", "pref:*:test");
  }

  @Test
  @DisplayName("be-29: * matches runs containing ':', '-' and '*'")
  void starSpansSeparators() {
    assertThat(matches("pref:*:test", "pref:a:b:c:test")).isTrue();
    assertThat(matches("pref:*:test", "pref::test")).isTrue();
    assertThat(matches("pref:*:test", "pref:test")).isFalse();
  }

  @Test
  @DisplayName("q-10: '.' is a literal, not a regex wildcard")
  void dotIsLiteral() {
    assertThat(matches("key.1", "keyX1")).isFalse();
    assertThat(matches("key.1", "key.1")).isTrue();
    assertThat(matches("k.y*", "kay1")).isFalse();
    assertThat(matches("k+y", "kky")).isFalse();
    assertThat(matches("k+y", "k+y")).isTrue();
  }

  @Test
  @DisplayName("q-10: '?' is exactly one character, not a regex optional")
  void questionMarkIsOneChar() {
    assertThat(matches("key1?", "key1")).isFalse();
    assertThat(matches("key1?", "key12")).isTrue();
    assertThat(matches("key1?", "key123")).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "a", "key", "a:b:c", "*", "?", "[x]", "\\"})
  @DisplayName("'*' and '**' match every key, including the empty one")
  void starMatchesEverything(String key) {
    assertThat(matches("*", key)).isTrue();
    assertThat(matches("**", key)).isTrue();
    assertThat(matches("***", key)).isTrue();
  }

  @Test
  @DisplayName("'?' matches exactly one character")
  void singleQuestionMark() {
    assertThat(matches("?", "")).isFalse();
    assertThat(matches("?", "a")).isTrue();
    assertThat(matches("?", ":")).isTrue();
    assertThat(matches("?", "ab")).isFalse();
    assertThat(matches("??", "ab")).isTrue();
    assertThat(matches("a?c", "abc")).isTrue();
    assertThat(matches("a?c", "ac")).isFalse();
  }

  static Stream<Arguments> classes() {
    return Stream.of(
        Arguments.of("h[abc]llo", "hallo", true),
        Arguments.of("h[abc]llo", "hcllo", true),
        Arguments.of("h[abc]llo", "hello", false),
        Arguments.of("h[abc]llo", "hllo", false),
        Arguments.of("h[abc]llo", "habllo", false),
        Arguments.of("h[a-c]llo", "hbllo", true),
        Arguments.of("h[a-c]llo", "hdllo", false),
        Arguments.of("h[c-a]llo", "hbllo", true),
        Arguments.of("h[a-cx]llo", "hxllo", true),
        Arguments.of("h[0-9a-f]", "h7", true),
        Arguments.of("h[0-9a-f]", "hf", true),
        Arguments.of("h[0-9a-f]", "hg", false),
        Arguments.of("h[^e]llo", "hallo", true),
        Arguments.of("h[^e]llo", "hello", false),
        Arguments.of("h[^e]llo", "hllo", false),
        Arguments.of("h[^a-c]llo", "hdllo", true),
        Arguments.of("h[^a-c]llo", "hbllo", false),
        Arguments.of("[a-]", "-", true),
        Arguments.of("[a-]", "a", true),
        Arguments.of("[a-]", "b", false),
        Arguments.of("[\\]]", "]", true),
        Arguments.of("[\\]]", "\\", false),
        Arguments.of("[*?]", "*", true),
        Arguments.of("[*?]", "?", true),
        Arguments.of("[*?]", "a", false),
        Arguments.of("*[0-9]", "user:12", true),
        Arguments.of("*[0-9]", "user:1a", false));
  }

  @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
  @MethodSource("classes")
  @DisplayName("classes [abc], [a-c] and [^a] match one character of (or not of) the class")
  void characterClasses(String pattern, String key, boolean expected) {
    assertThat(matches(pattern, key)).isEqualTo(expected);
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("\\*", "*", true),
        Arguments.of("\\*", "a", false),
        Arguments.of("\\*", "", false),
        Arguments.of("\\*", "**", false),
        Arguments.of("a\\*", "a*", true),
        Arguments.of("a\\*", "ab", false),
        Arguments.of("\\?", "?", true),
        Arguments.of("\\?", "a", false),
        Arguments.of("\\[a]", "[a]", true),
        Arguments.of("\\[a]", "a", false),
        Arguments.of("\\\\", "\\", true),
        Arguments.of("\\\\*", "\\abc", true),
        Arguments.of("\\a", "a", true),
        Arguments.of("x\\*y*", "x*yz", true),
        Arguments.of("x\\*y*", "xzyz", false),
        Arguments.of("*\\*", "abc*", true),
        Arguments.of("*\\*", "abc", false));
  }

  @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
  @MethodSource("escapes")
  @DisplayName("a backslash makes the next character literal")
  void escapesAreLiteral(String pattern, String key, boolean expected) {
    assertThat(matches(pattern, key)).isEqualTo(expected);
  }

  @Test
  @DisplayName("'*' backtracks: several stars in one pattern")
  void backtracking() {
    assertThat(matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(matches("a*b*c", "abc")).isTrue();
    assertThat(matches("a*b*c", "abcbc")).isTrue();
    assertThat(matches("a*b*c", "axxbyy")).isFalse();
    assertThat(matches("a*b*c", "axxcyyb")).isFalse();
    assertThat(matches("*:*:*", "a:b:c")).isTrue();
    assertThat(matches("*:*:*", "a:b")).isFalse();
    assertThat(matches("*a", "banana")).isTrue();
    assertThat(matches("*an", "banana")).isFalse();
    assertThat(matches("*?", "")).isFalse();
    assertThat(matches("*?", "x")).isTrue();
  }

  @Test
  @DisplayName("'**' behaves as '*' inside a pattern")
  void doubleStar() {
    assertThat(matches("pref:**:test", "pref:a:b:test")).isTrue();
    assertThat(matches("pref:**:test", "pref:a:b:tests")).isFalse();
    assertThat(matches("a**", "a")).isTrue();
    assertThat(matches("a**", "b")).isFalse();
  }

  static Stream<Arguments> prefixes() {
    return Stream.of(
        Arguments.of("user:*", "user:"),
        Arguments.of("user:**", "user:"),
        Arguments.of("user:1", "user:1"),
        Arguments.of("ab?c", "ab"),
        Arguments.of("ab[cd]e*", "ab"),
        Arguments.of("a\\*b*", "a*b"),
        Arguments.of("*", ""),
        Arguments.of("?x", ""),
        Arguments.of("[a]b", ""));
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @MethodSource("prefixes")
  @DisplayName("literalPrefix is the unescaped literal text before the first wildcard")
  void literalPrefix(String pattern, String expected) {
    assertThat(GlobPattern.compile(pattern).literalPrefix()).isEqualTo(expected);
  }

  @Test
  @DisplayName("a pattern without wildcards matches only the key itself")
  void exactFastPath() {
    GlobPattern p = GlobPattern.compile("user:1");
    assertThat(p.matches("user:1")).isTrue();
    assertThat(p.matches("user:10")).isFalse();
    assertThat(p.matches("user:")).isFalse();
    assertThat(p.matches("")).isFalse();
    assertThat(p.matches("xuser:1")).isFalse();
  }

  @Test
  @DisplayName("a prefix* pattern matches every key starting with the prefix")
  void prefixFastPath() {
    GlobPattern p = GlobPattern.compile("user:*");
    assertThat(p.matches("user:")).isTrue();
    assertThat(p.matches("user:1")).isTrue();
    assertThat(p.matches("user:1:profile")).isTrue();
    assertThat(p.matches("user")).isFalse();
    assertThat(p.matches("xuser:1")).isFalse();
    assertThat(p.matches("USER:1")).isFalse();
  }

  @Test
  @DisplayName("pattern(), toString(), equals and hashCode use the pattern as written")
  void identity() {
    GlobPattern p = GlobPattern.compile("a\\*b*");
    assertThat(p.pattern()).isEqualTo("a\\*b*");
    assertThat(p).hasToString("a\\*b*");
    assertThat(p).isEqualTo(GlobPattern.compile("a\\*b*"));
    assertThat(p.hashCode()).isEqualTo(GlobPattern.compile("a\\*b*").hashCode());
    assertThat(p).isNotEqualTo(GlobPattern.compile("a*b*"));
  }

  @Test
  @DisplayName("an empty pattern is rejected, pointing to '*'")
  void emptyPattern() {
    assertThatThrownBy(() -> GlobPattern.compile(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pattern is empty; use \"*\" to match every key");
  }

  @Test
  @DisplayName("an unclosed '[' is rejected with its index")
  void unclosedClass() {
    assertThatThrownBy(() -> GlobPattern.compile("ab[cd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed '[' at index 2 in pattern 'ab[cd'")
        .hasMessageContaining("escape it as '\\['");
    assertThatThrownBy(() -> GlobPattern.compile("[\\]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed '[' at index 0");
  }

  @Test
  @DisplayName("a trailing backslash is rejected")
  void trailingEscape() {
    assertThatThrownBy(() -> GlobPattern.compile("ab\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern 'ab\\' ends with an escape '\\'")
        .hasMessageContaining("escape a literal backslash as '\\\\'");
  }

  @Test
  @DisplayName("a null pattern is a NullPointerException naming 'pattern'")
  void nullPattern() {
    assertThatThrownBy(() -> GlobPattern.compile(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pattern");
  }
}
