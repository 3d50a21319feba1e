package dev.kaju.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SetupUrlTest {

  // ---- accepted ----

  @Test
  @DisplayName("url-02: mem:// has scheme mem and no options")
  void plainMem() {
    SetupUrl u = SetupUrl.parse("mem://");
    assertThat(u.scheme()).isEqualTo("mem");
    assertThat(u.params()).isEmpty();
    assertThat(u.host()).isNull();
    assertThat(u.port()).isEqualTo(-1);
    assertThat(u.path()).isEmpty();
    assertThat(u.userInfo()).isNull();
    assertThat(u.address()).isEqualTo("mem://");
    assertThat(u.url()).isEqualTo("mem://");
  }

  @Test
  @DisplayName("url-02: query options are kept as text, in URL order")
  void memWithOptions() {
    SetupUrl u = SetupUrl.parse("mem://?size=10&check_interval=0.01");
    assertThat(u.scheme()).isEqualTo("mem");
    assertThat(u.params()).containsExactly(entry("size", "10"), entry("check_interval", "0.01"));
    assertThat(u.address()).isEqualTo("mem://");
    assertThat(u.host()).isNull();
  }

  @Test
  @DisplayName("a host before the query is parsed")
  void memWithHost() {
    SetupUrl u = SetupUrl.parse("mem://localhost?disable=1");
    assertThat(u.scheme()).isEqualTo("mem");
    assertThat(u.host()).isEqualTo("localhost");
    assertThat(u.port()).isEqualTo(-1);
    assertThat(u.params()).containsExactly(entry("disable", "1"));
    assertThat(u.address()).isEqualTo("mem://localhost");
  }

  @Test
  @DisplayName("url-04: the address is the URL minus an empty query")
  void redisWithEmptyQuery() {
    SetupUrl u = SetupUrl.parse("redis://localhost:9000?");
    assertThat(u.scheme()).isEqualTo("redis");
    assertThat(u.address()).isEqualTo("redis://localhost:9000");
    assertThat(u.host()).isEqualTo("localhost");
    assertThat(u.port()).isEqualTo(9000);
    assertThat(u.params()).isEmpty();
  }

  @Test
  @DisplayName("url-04: the address keeps the path, the password goes to the options")
  void redisWithPathAndPassword() {
    SetupUrl u = SetupUrl.parse("redis://localhost/0/?password=password");
    assertThat(u.address()).isEqualTo("redis://localhost/0/");
    assertThat(u.host()).isEqualTo("localhost");
    assertThat(u.path()).isEqualTo("/0/");
    assertThat(u.port()).isEqualTo(-1);
    assertThat(u.params()).containsExactly(entry("password", "password"));
    assertThat(u.redacted()).isEqualTo("redis://localhost/0/").doesNotContain("password");
  }

  @Test
  @DisplayName("user info, port and path are parsed; redacted() hides the password")
  void redisWithUserInfo() {
    SetupUrl u = SetupUrl.parse("redis://user:secret@host:6380/2");
    assertThat(u.scheme()).isEqualTo("redis");
    assertThat(u.userInfo()).isEqualTo("user:secret");
    assertThat(u.host()).isEqualTo("host");
    assertThat(u.port()).isEqualTo(6380);
    assertThat(u.path()).isEqualTo("/2");
    assertThat(u.address()).isEqualTo("redis://user:secret@host:6380/2");
    assertThat(u.redacted()).isEqualTo("redis://user:***@host:6380/2").doesNotContain("secret");
  }

  @Test
  @DisplayName("redacted() hides a password without a user name and drops the query")
  void redactedPasswordOnly() {
    SetupUrl u = SetupUrl.parse("redis://:secret@host:6379/0?password=other");
    assertThat(u.userInfo()).isEqualTo(":secret");
    assertThat(u.redacted()).isEqualTo("redis://:***@host:6379/0");
    assertThat(u.redacted()).doesNotContain("secret").doesNotContain("other");
  }

  @Test
  @DisplayName("redacted() hides a lone user info: Redis reads redis://secret@host as a password")
  void redactedUserOnly() {
    assertThat(SetupUrl.parse("redis://secret@host").redacted()).isEqualTo("redis://***@host");
  }

  @Test
  @DisplayName("a percent-encoded '@' in the password is decoded; the last '@' ends the user info")
  void userInfoIsDecoded() {
    SetupUrl u = SetupUrl.parse("redis://user:p%40ss@host:6379");
    assertThat(u.userInfo()).isEqualTo("user:p@ss");
    assertThat(u.host()).isEqualTo("host");
    assertThat(u.redacted()).isEqualTo("redis://user:***@host:6379");
  }

  @Test
  @DisplayName("an IPv6 host keeps its brackets and its port")
  void ipv6Host() {
    SetupUrl withPort = SetupUrl.parse("redis://[::1]:6379/0");
    assertThat(withPort.host()).isEqualTo("[::1]");
    assertThat(withPort.port()).isEqualTo(6379);
    assertThat(withPort.path()).isEqualTo("/0");
    SetupUrl noPort = SetupUrl.parse("redis://[::1]");
    assertThat(noPort.host()).isEqualTo("[::1]");
    assertThat(noPort.port()).isEqualTo(-1);
  }

  @Test
  @DisplayName("url-01: \"://\" has an empty scheme")
  void emptyScheme() {
    SetupUrl u = SetupUrl.parse("://");
    assertThat(u.scheme()).isEmpty();
    assertThat(u.params()).isEmpty();
    assertThat(u.host()).isNull();
    assertThat(u.address()).isEqualTo("://");
  }

  @Test
  @DisplayName("the scheme is lower-cased; url() keeps the text as given")
  void schemeIsLowerCased() {
    SetupUrl u = SetupUrl.parse(" MEM://?size=1 ");
    assertThat(u.scheme()).isEqualTo("mem");
    assertThat(u.url()).isEqualTo(" MEM://?size=1 ");
    assertThat(u.address()).isEqualTo("MEM://");
    assertThat(SetupUrl.parse("rediss://h").scheme()).isEqualTo("rediss");
  }

  @Test
  @DisplayName("url-06: option names are lower-cased, values keep their case")
  void optionNamesAreLowerCased() {
    SetupUrl u = SetupUrl.parse("mem://?SIZE=10&Check_Interval=2s&secret=AbC");
    assertThat(u.params())
        .containsExactly(
            entry("size", "10"), entry("check_interval", "2s"), entry("secret", "AbC"));
  }

  @Test
  @DisplayName("names and values are percent-decoded; '+' stays a plus")
  void percentDecoding() {
    SetupUrl u =
        SetupUrl.parse(
            "disk://?directory=%2Ftmp%2Fmy%20cache&check%5Finterval=1&secret=a+b%3D%3D");
    assertThat(u.params())
        .containsExactly(
            entry("directory", "/tmp/my cache"),
            entry("check_interval", "1"),
            entry("secret", "a+b=="));
  }

  @Test
  @DisplayName("a value may contain '='; empty values and empty '&' parts are allowed")
  void valueEdgeCases() {
    SetupUrl u = SetupUrl.parse("mem://?secret=a=b&&prefix=&");
    assertThat(u.params()).containsExactly(entry("secret", "a=b"), entry("prefix", ""));
  }

  @Test
  @DisplayName("url-05: a disk URL with a directory option")
  void diskUrl() {
    SetupUrl u = SetupUrl.parse("disk://?directory=/tmp/cache&timeout=1&shards=0");
    assertThat(u.scheme()).isEqualTo("disk");
    assertThat(u.params())
        .containsExactly(
            entry("directory", "/tmp/cache"), entry("timeout", "1"), entry("shards", "0"));
  }

  @Test
  @DisplayName("the options map is unmodifiable")
  void paramsAreUnmodifiable() {
    assertThatThrownBy(() -> SetupUrl.parse("mem://?size=1").params().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> SetupUrl.parse("mem://").params().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest(name = "port {0}")
  @ValueSource(ints = {0, 1, 6379, 65535})
  @DisplayName("ports from 0 to 65535 are accepted")
  void validPorts(int port) {
    assertThat(SetupUrl.parse("redis://host:" + port).port()).isEqualTo(port);
  }

  // ---- rejected ----

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "   "})
  @DisplayName("an empty url is rejected with examples")
  void emptyUrl(String url) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("setup url is empty; expected <scheme>://...")
        .hasMessageContaining("mem://?size=1000");
  }

  @Test
  @DisplayName("a null url is a NullPointerException naming 'url'")
  void nullUrl() {
    assertThatThrownBy(() -> SetupUrl.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("url");
  }

  @Test
  @DisplayName("a url without :// is rejected")
  void noSchemeSeparator() {
    assertThatThrownBy(() -> SetupUrl.parse("localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url 'localhost:6379'")
        .hasMessageContaining("expected <scheme>://")
        .hasMessageContaining("redis://localhost:6379/0");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {"1redis://x|1redis", "re dis://x|re dis", "_mem://|_mem", "mem!://|mem!"})
  @DisplayName("a scheme must start with a letter and hold only letters, digits, + . -")
  void badScheme(String url, String scheme) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url '" + url + "'")
        .hasMessageContaining("'" + scheme + "' is not a URL scheme");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "redis://host:99999|99999",
        "redis://host:65536|65536",
        "redis://host:-1|-1",
        "redis://host:abc|abc",
        "redis://host:|''"
      })
  @DisplayName("a port outside 0..65535 or not a number is rejected")
  void badPort(String url, String port) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url '" + url + "'")
        .hasMessageContaining("port '" + port + "' is not a number from 0 to 65535");
  }

  @Test
  @DisplayName("an option without '=' is rejected")
  void optionWithoutValue() {
    assertThatThrownBy(() -> SetupUrl.parse("mem://?size"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url 'mem://?size'")
        .hasMessageContaining("option 'size' has no value; write size=<value>");
  }

  @Test
  @DisplayName("a value without an option name is rejected")
  void valueWithoutName() {
    assertThatThrownBy(() -> SetupUrl.parse("mem://?=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url 'mem://?=***'")
        .hasMessageContaining("an option has a value but no name");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"mem://?size=1&size=2", "mem://?size=1&SIZE=1", "mem://?size=1&si%7Ae=2"})
  @DisplayName("an option given twice is rejected, even in another case or encoding")
  void optionGivenTwice(String url) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url '" + url + "'")
        .hasMessageContaining("option size is given twice");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', value = {"mem://?a=%zz|%zz", "mem://?a=%|%", "mem://?%g1=1|%g1"})
  @DisplayName("bad percent-encoding is rejected, naming the text")
  void badPercentEncoding(String url, String bad) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url '" + url + "'")
        .hasMessageContaining("bad percent-encoding in '" + bad + "'");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"mem://#x", "mem://?size=1#x", "redis://host/0#frag"})
  @DisplayName("a fragment is rejected")
  void fragment(String url) {
    assertThatThrownBy(() -> SetupUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a fragment ('#') is not allowed");
  }
}
