package dev.kaju.internal.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlParserTest {

  private static final String WRONG = "has wrong string representation";
  private static final String POSITIVE = "must be positive";

  // ---- accepted ----

  static Stream<Arguments> goStyle() {
    return Stream.of(
        Arguments.of("10s", Duration.ofSeconds(10)),
        Arguments.of("1m10s", Duration.ofSeconds(70)),
        Arguments.of("10m1s", Duration.ofSeconds(601)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("goStyle")
  @DisplayName("ttl-03: Go style units are summed")
  void goStyleUnitsAreSummed(String text, Duration expected) {
    assertThat(TtlParser.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> plainSeconds() {
    return Stream.of(
        Arguments.of("1", Duration.ofSeconds(1)),
        Arguments.of("80", Duration.ofSeconds(80)),
        Arguments.of("600", Duration.ofMinutes(10)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("plainSeconds")
  @DisplayName("ttl-04: a bare number is seconds")
  void bareNumberIsSeconds(String text, Duration expected) {
    assertThat(TtlParser.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> unitsAndWhitespace() {
    return Stream.of(
        Arguments.of(" 10S ", Duration.ofSeconds(10)),
        Arguments.of("10S", Duration.ofSeconds(10)),
        Arguments.of("1H", Duration.ofHours(1)),
        Arguments.of("2h30m", Duration.ofSeconds(9000)),
        Arguments.of("1d", Duration.ofSeconds(86_400)),
        Arguments.of("1D", Duration.ofDays(1)),
        Arguments.of("1m1m", Duration.ofSeconds(120)),
        Arguments.of("1d2h3m50s", Duration.ofSeconds(86_400 + 2 * 3_600 + 3 * 60 + 50)),
        Arguments.of("\t5m\n", Duration.ofMinutes(5)),
        Arguments.of("10ms", Duration.ofMillis(10)),
        Arguments.of("1s500MS", Duration.ofMillis(1500)),
        Arguments.of("2m10ms", Duration.ofMillis(120_010)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("unitsAndWhitespace")
  @DisplayName("ttl-05: units d/h/m/s (and ms) are case-insensitive and whitespace is stripped")
  void unitsAreCaseInsensitive(String text, Duration expected) {
    assertThat(TtlParser.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> fractional() {
    return Stream.of(
        Arguments.of("60.5", Duration.ofMillis(60_500)),
        Arguments.of("1m0.5s", Duration.ofMillis(60_500)),
        Arguments.of("0.5", Duration.ofMillis(500)),
        Arguments.of("0.01", Duration.ofMillis(10)),
        Arguments.of(".5s", Duration.ofMillis(500)),
        Arguments.of("1.5h", Duration.ofMinutes(90)),
        Arguments.of("0.5d", Duration.ofHours(12)),
        Arguments.of("100.1", Duration.ofMillis(100_100)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("fractional")
  @DisplayName("ttl-11: fractional seconds and fractional units are kept")
  void fractionalValuesAreKept(String text, Duration expected) {
    assertThat(TtlParser.parse(text)).isEqualTo(expected);
  }

  static Stream<Arguments> iso() {
    return Stream.of(
        Arguments.of("PT10M", Duration.ofMinutes(10)),
        Arguments.of("P1DT2H", Duration.ofHours(26)),
        Arguments.of("pt10m", Duration.ofMinutes(10)),
        Arguments.of(" PT0.5S ", Duration.ofMillis(500)),
        Arguments.of("PT1H30M", Duration.ofMinutes(90)));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @MethodSource("iso")
  @DisplayName("ISO-8601 durations are accepted, in any case")
  void isoDurations(String text, Duration expected) {
    assertThat(TtlParser.parse(text)).isEqualTo(expected);
  }

  @Test
  @DisplayName("check returns null for a valid ttl and the parse message otherwise")
  void checkReturnsMessage() {
    assertThat(TtlParser.check("10s")).isNull();
    assertThat(TtlParser.check("10x")).contains("ttl '10x' " + WRONG);
    assertThat(TtlParser.check("0")).contains("ttl '0' " + POSITIVE);
  }

  @Test
  @DisplayName("a null ttl is a NullPointerException naming 'ttl'")
  void nullTtl() {
    assertThatThrownBy(() -> TtlParser.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttl");
  }

  // ---- rejected: malformed ----

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "10x", "-1", "abc", "1.2.3s", "1m 10s", "s", "10us", "P", "PTXM", "P1.5D", "-PT5S"
      })
  @DisplayName("ttl-06 / err-02: anything else has a wrong string representation")
  void malformedIsRejected(String text) {
    assertThatThrownBy(() -> TtlParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl '" + text + "' " + WRONG)
        .hasMessageContaining("\"1d2h3m50s\"")
        .hasMessageContaining("\"PT10M\"");
  }

  @Test
  @DisplayName("ttl-06: the reason names the offending unit, number or text")
  void reasonIsSpecific() {
    assertThatThrownBy(() -> TtlParser.parse("10x"))
        .hasMessageContaining("'x' is not a unit (d, h, m, s or ms)");
    assertThatThrownBy(() -> TtlParser.parse("abc"))
        .hasMessageContaining("expected a number at 'abc'");
    assertThatThrownBy(() -> TtlParser.parse("-1"))
        .hasMessageContaining("expected a number at '-1'");
    assertThatThrownBy(() -> TtlParser.parse("1.2.3s"))
        .hasMessageContaining("'1.2.3' is not a number");
    assertThatThrownBy(() -> TtlParser.parse("PTXM"))
        .hasMessageContaining("not a valid ISO-8601 duration");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "  ", "\t"})
  @DisplayName("q-13: an empty ttl is rejected, not read as 0")
  void emptyIsRejected(String text) {
    assertThatThrownBy(() -> TtlParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl '" + text + "' " + WRONG)
        .hasMessageContaining("it is empty");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1m10", "1h30", "10s5"})
  @DisplayName("q-13: trailing digits after a unit are an error, not dropped")
  void trailingNumberWithoutUnit(String text) {
    assertThatThrownBy(() -> TtlParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl '" + text + "' " + WRONG)
        .hasMessageContaining("at the end has no unit");
  }

  @Test
  @DisplayName("q-13: '1m10' names the unit-less number")
  void trailingNumberIsNamed() {
    assertThatThrownBy(() -> TtlParser.parse("1m10"))
        .hasMessageContaining("the number '10' at the end has no unit (d, h, m, s or ms)");
  }

  // ---- rejected: not positive ----

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"0", "0s", "0.0", "0d0h0m0s", "PT0S", "PT-5S", "P0D"})
  @DisplayName("q-13: zero and negative ttls are rejected")
  void zeroOrNegativeIsRejected(String text) {
    assertThatThrownBy(() -> TtlParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl '" + text + "' " + POSITIVE + "; to store without expiry, give no ttl");
  }

  // ---- rejected: too long ----

  @Test
  @DisplayName("a ttl past the range of a Duration in nanoseconds is too long")
  void hugeGoStyleIsTooLong() {
    assertThatThrownBy(() -> TtlParser.parse("99999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl '99999999999999999d' " + WRONG)
        .hasMessageContaining("it is too long");
    assertThatThrownBy(() -> TtlParser.parse("9999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it is too long");
  }

  @Test
  @DisplayName("the longest accepted ttl converts to nanoseconds without overflow")
  void longestAcceptedFitsInNanos() {
    Duration d = TtlParser.parse("106751d");
    assertThat(d.toNanos()).isEqualTo(106_751L * 86_400 * 1_000_000_000L);
    assertThatThrownBy(() -> TtlParser.parse("106752d")).hasMessageContaining("it is too long");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"106752d", "P106752D", "PT2562048H"})
  @DisplayName("a too-long ttl is rejected in Go style and in ISO-8601 alike")
  void tooLongInEverySpelling(String text) {
    // A Duration past Long.MAX_VALUE nanoseconds makes toNanos() throw later in the backend.
    assertThatThrownBy(() -> TtlParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ttl '" + text + "' " + WRONG)
        .hasMessageContaining("it is too long");
  }
}
