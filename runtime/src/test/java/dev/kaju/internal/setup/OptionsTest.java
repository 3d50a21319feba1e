package dev.kaju.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.kaju.internal.memory.MemoryBackendFactory;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {

  private static final String MEM_OPTIONS = "check_interval, disable, enable, size";

  private final BackendFactory mem = new MemoryBackendFactory();

  private Map<String, Object> resolve(
      Map<String, String> fromUrl, Map<String, String> fromSettings) {
    return Options.resolve("mem", mem, fromUrl, fromSettings);
  }

  private Map<String, Object> resolveUrl(String name, String value) {
    return resolve(Map.of(name, value), Map.of());
  }

  // ---- resolve: values and defaults ----

  @Test
  @DisplayName("every option gets its default when none is given")
  void defaultsAreFilled() {
    assertThat(resolve(Map.of(), Map.of()))
        .containsOnly(
            entry("size", 1000L),
            entry("check_interval", Duration.ofSeconds(1)),
            entry("enable", true),
            entry("disable", false));
  }

  @Test
  @DisplayName("url-02: mem://?size=10&check_interval=0.01 parses to 10 entries and 10 ms")
  void urlValuesAreParsed() {
    Map<String, Object> options = resolve(Map.of("size", "10", "check_interval", "0.01"), Map.of());
    assertThat(options)
        .contains(entry("size", 10L), entry("check_interval", Duration.ofMillis(10)))
        .contains(entry("enable", true), entry("disable", false));
  }

  @Test
  @DisplayName("URL options and Settings options are merged")
  void urlAndSettingsAreMerged() {
    Map<String, Object> options = resolve(Map.of("size", "10"), Map.of("check_interval", "2s"));
    assertThat(options)
        .containsOnly(
            entry("size", 10L),
            entry("check_interval", Duration.ofSeconds(2)),
            entry("enable", true),
            entry("disable", false));
  }

  @Test
  @DisplayName("an option given only in Settings is used")
  void settingsOnly() {
    assertThat(resolve(Map.of(), Map.of("size", "20", "enable", "false")))
        .contains(entry("size", 20L), entry("enable", false));
  }

  @ParameterizedTest(name = "check_interval={0}")
  @ValueSource(strings = {"0", "00", "0.0", "0.", " 0 "})
  @DisplayName("check_interval 0 switches the sweep off (Duration.ZERO)")
  void checkIntervalZero(String value) {
    assertThat(resolveUrl("check_interval", value)).containsEntry("check_interval", Duration.ZERO);
  }

  @ParameterizedTest(name = "check_interval={0}")
  @CsvSource({"1,PT1S", "2s,PT2S", "1m30s,PT1M30S", "PT0.5S,PT0.5S", "0.25,PT0.25S"})
  @DisplayName("check_interval takes any TTL spelling")
  void checkIntervalDurations(String value, Duration expected) {
    assertThat(resolveUrl("check_interval", value)).containsEntry("check_interval", expected);
  }

  @Test
  @DisplayName("a bad check_interval names the option and the accepted forms")
  void badCheckInterval() {
    assertThatThrownBy(() -> resolveUrl("check_interval", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad value 'soon' for option check_interval: expected a duration")
        .hasMessageContaining("or 0 to switch it off");
    assertThatThrownBy(() -> resolveUrl("check_interval", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad value '-1' for option check_interval");
  }

  @ParameterizedTest(name = "enable={0} -> {1}")
  @CsvSource({
    "true,true", "1,true", "false,false", "0,false", "TRUE,true", "False,false", "' true ',true"
  })
  @DisplayName("url-06: booleans are true/1 or false/0, case-insensitive")
  void booleanValues(String value, boolean expected) {
    assertThat(resolveUrl("enable", value)).containsEntry("enable", expected);
    assertThat(resolveUrl("disable", value)).containsEntry("disable", expected);
  }

  @ParameterizedTest(name = "enable={0}")
  @ValueSource(strings = {"yes", "no", "on", "2", ""})
  @DisplayName("any other boolean value is rejected, listing the valid ones")
  void badBoolean(String value) {
    assertThatThrownBy(() -> resolveUrl("enable", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value '" + value + "' for option enable: expected true, false, 1 or 0");
  }

  // ---- resolve: errors ----

  @Test
  @DisplayName("an unknown option names it, lists the valid ones and suggests the near one")
  void unknownOption() {
    assertThatThrownBy(() -> resolveUrl("sise", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'sise'")
        .hasMessageContaining("for mem://")
        .hasMessageContaining("valid options: " + MEM_OPTIONS)
        .hasMessageContaining("did you mean 'size'");
  }

  @Test
  @DisplayName("an unknown option set through Settings is rejected too")
  void unknownOptionInSettings() {
    assertThatThrownBy(() -> resolve(Map.of(), Map.of("chek_interval", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'chek_interval'")
        .hasMessageContaining("did you mean 'check_interval'");
  }

  @Test
  @DisplayName("an unknown option far from every name gets no suggestion")
  void unknownOptionWithoutSuggestion() {
    assertThatThrownBy(() -> resolveUrl("password", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option 'password' for mem://; valid options: " + MEM_OPTIONS);
  }

  @ParameterizedTest(name = "size={0}")
  @ValueSource(strings = {"-3", "0"})
  @DisplayName("size must be positive, naming the value")
  void sizeMustBePositive(String value) {
    assertThatThrownBy(() -> resolveUrl("size", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, was " + value);
  }

  @ParameterizedTest(name = "size={0}")
  @ValueSource(strings = {"abc", "1.5", "10k", "", "99999999999999999999"})
  @DisplayName("a size that is not a whole number is a bad value")
  void sizeNotANumber(String value) {
    assertThatThrownBy(() -> resolveUrl("size", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad value '" + value + "' for option size")
        .hasMessageContaining("expected a whole number greater than 0");
  }

  @Test
  @DisplayName("the same option in the URL and in Settings is rejected")
  void givenBoth() {
    assertThatThrownBy(() -> resolve(Map.of("size", "10"), Map.of("size", "20")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given both")
        .hasMessage("option size is given both in the URL (10) and in Settings (20); give it once");
  }

  // ---- factory ----

  @Test
  @DisplayName("the mem scheme is served by the installed memory factory")
  void memFactoryIsInstalled() {
    assertThat(Options.factory("mem", "mem://")).isInstanceOf(MemoryBackendFactory.class);
  }

  @ParameterizedTest(name = "{0}://")
  @CsvSource({"redis,dev.kaju:kaju-runtime-redis", "rediss,dev.kaju:kaju-runtime-redis"})
  @DisplayName("url-03: a redis URL without the redis module names the artifact to add")
  void redisNotInstalled(String scheme, String artifact) {
    String url = scheme + "://localhost:9000/0";
    assertThatThrownBy(() -> Options.factory(scheme, url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no backend for " + scheme + ":// (in '" + url + "'): add the artifact " + artifact
                + " to the class path");
  }

  @ParameterizedTest(name = "{0}://")
  @ValueSource(strings = {"disk", "chronicle"})
  @DisplayName("url-03: a disk URL without the chronicle module names the artifact to add")
  void diskNotInstalled(String scheme) {
    assertThatThrownBy(() -> Options.factory(scheme, scheme + "://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no backend for " + scheme + "://")
        .hasMessageContaining("dev.kaju:kaju-runtime-chronicle");
  }

  @Test
  @DisplayName("url-06: an unknown scheme lists the known ones and suggests the near one")
  void unknownScheme() {
    assertThatThrownBy(() -> Options.factory("mme", "mme://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown backend scheme 'mme'")
        .hasMessageContaining("in 'mme://'")
        .hasMessageContaining("known schemes: chronicle, disk, iomem, mem, redis, rediss") // iomem: a test backend
        .hasMessageContaining("did you mean 'mem'");
  }

  @Test
  @DisplayName("an unknown scheme far from every known one gets no suggestion")
  void unknownSchemeWithoutSuggestion() {
    assertThatThrownBy(() -> Options.factory("memcached", "memcached://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown backend scheme 'memcached' in 'memcached://'; known schemes: chronicle, disk,"
                + " iomem, mem, redis, rediss"); // iomem: the runtime's test backend doing I/O
  }

  // ---- checkKnown (Settings) ----

  @Test
  @DisplayName("checkKnown accepts an installed backend's option with a good value")
  void checkKnownAccepts() {
    assertThatCode(() -> Options.checkKnown("size", "5")).doesNotThrowAnyException();
    assertThatCode(() -> Options.checkKnown("enable", "0")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Options.checkKnown("size", "-3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, was -3");
  }

  @Test
  @DisplayName("checkKnown rejects an option no installed backend takes")
  void checkKnownRejectsUnknown() {
    assertThatThrownBy(() -> Options.checkKnown("sise", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown option 'sise'; valid options: " + MEM_OPTIONS + "; did you mean 'size'?");
  }

  // ---- didYouMean ----

  @Test
  @DisplayName("didYouMean suggests the closest candidate within two edits, case-insensitively")
  void didYouMean() {
    List<String> names = List.of("check_interval", "disable", "enable", "size");
    assertThat(Options.didYouMean("sise", names)).isEqualTo("; did you mean 'size'?");
    assertThat(Options.didYouMean("SIZE", names)).isEqualTo("; did you mean 'size'?");
    assertThat(Options.didYouMean("enabel", names)).isEqualTo("; did you mean 'enable'?");
    assertThat(Options.didYouMean("sz", names)).isEqualTo("; did you mean 'size'?");
    assertThat(Options.didYouMean("s", names)).isEmpty();
    assertThat(Options.didYouMean("password", names)).isEmpty();
    assertThat(Options.didYouMean("size", List.of())).isEmpty();
  }

  // ---- Option ----

  @Test
  @DisplayName("COMMON holds enable (default true) and disable (default false)")
  void commonOptions() {
    assertThat(Options.COMMON).extracting(Option::name).containsExactly("enable", "disable");
    assertThat(Options.COMMON).extracting(Option::defaultValue).containsExactly("true", "false");
    assertThat(Options.COMMON).extracting(Option::type).containsOnly(Option.Type.BOOLEAN);
  }

  @Test
  @DisplayName("an Option's default is checked when the option is declared")
  void defaultIsChecked() {
    assertThatThrownBy(() -> Option.of("size", Option.Type.POSITIVE_LONG, "0", "entries"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, was 0");
    assertThatThrownBy(() -> Option.of("flag", Option.Type.BOOLEAN, "yes", "a flag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad value 'yes' for option flag");
  }

  @Test
  @DisplayName("NON_NEGATIVE_LONG accepts 0 and rejects negatives as '0 or more'")
  void nonNegativeLong() {
    Option shards = Option.of("shards", Option.Type.NON_NEGATIVE_LONG, "0", "shards");
    assertThat(shards.parse("0")).isEqualTo(0L);
    assertThat(shards.parse("8")).isEqualTo(8L);
    assertThatThrownBy(() -> shards.parse("-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards must be 0 or more, was -1");
  }

  @Test
  @DisplayName("DURATION rejects 0; STRING keeps the value as given")
  void durationAndString() {
    Option timeout = Option.of("timeout", Option.Type.DURATION, null, "timeout");
    assertThat(timeout.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(timeout.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> timeout.parse("0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad value '0' for option timeout: expected a duration");
    Option secret = Option.of("secret", Option.Type.STRING, null, "secret");
    assertThat(secret.parse(" a b ")).isEqualTo(" a b ");
  }

  @Test
  @DisplayName("Option.toString shows the name, what is expected and the default")
  void optionToString() {
    assertThat(Option.of("size", Option.Type.POSITIVE_LONG, "1000", "entries"))
        .hasToString("size (a whole number greater than 0, default 1000)");
    assertThat(Option.of("secret", Option.Type.STRING, null, "secret"))
        .hasToString("secret (text)");
  }
}
