package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RequestDirectives: what CacheControlFilter reads from a Cache-Control value")
class RequestDirectivesTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "no-cache                          | true  | false | -1",
      "No-Store                          | false | true  | -1",
      "max-age=0                         | false | false | 0",
      "max-age=600                       | false | false | 600",
      "' max-age = \"600\" '             | false | false | 600",
      "no-cache, max-age=600             | true  | false | 600",
      "private,,max-stale=5 , no-store   | false | true  | -1",
      "max-age=5, max-age=5              | false | false | 5",
      "max-age=2147483649                | false | false | 2147483648",
      "foo=\"a, b\", no-cache            | true  | false | -1",
      "''                                | false | false | -1",
  })
  void parses(String value, boolean noCache, boolean noStore, long maxAge) {
    assertThat(RequestDirectives.parse(value)).isEqualTo(new RequestDirectives(noCache, noStore, maxAge));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"max-age=abc", "max-age=-1", "max-age=", "max-age", "max-age=1.5", "max-age=1, max-age=2",
      "no-cache no-store", "no-cache=\"x", "@", "max-age=\"\""})
  void malformed(String value) {
    assertThatThrownBy(() -> RequestDirectives.parse(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "no-cache    | true  | false",
      "no-store    | true  | true",
      "max-age=0   | true  | true",
      "max-age=600 | false | false",
  })
  void effects(String value, boolean skipsReads, boolean skipsStores) {
    RequestDirectives d = RequestDirectives.parse(value);
    assertThat(d.skipsReads()).isEqualTo(skipsReads);
    assertThat(d.skipsStores()).isEqualTo(skipsStores);
  }
}
