package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClearSiteDataFilter (cashews http-04): Clear-Site-Data: \"cache\" recomputes what the request reads")
class ClearSiteDataFilterTest extends CatalogServerTest {
  @Override
  TestServer serve() throws Exception {
    return new TestServer(servlet, new ClearSiteDataFilter());
  }

  @ParameterizedTest(name = "Clear-Site-Data: {0}")
  @ValueSource(strings = {"\"cache\"", "cache", "\"CACHE\"", "\"cookies\", \"cache\"", "\"*\""})
  @DisplayName("the header forces a recompute, which is stored and served next")
  void recomputes(String header) throws Exception {
    assertThat(get("/page?q=a")).isEqualTo("page a #1");
    assertThat(get("/page?q=a")).isEqualTo("page a #1");
    assertThat(get("/page?q=a", "Clear-Site-Data", header)).isEqualTo("page a #2");
    assertThat(get("/page?q=a")).isEqualTo("page a #2");
    assertThat(real.calls("page")).isEqualTo(2);
  }

  @Test
  @DisplayName("@Early recomputes too, and so does POST")
  void earlyAndPost() throws Exception {
    assertThat(get("/root?q=a", "X-Name", "test")).isEqualTo("{\"name\":\"test\",\"q\":\"a\"}");
    assertThat(get("/root?q=a", "X-Name", "name", "Clear-Site-Data", "\"cache\"")).isEqualTo("{\"name\":\"name\",\"q\":\"a\"}");
    assertThat(real.calls("root")).isEqualTo(2);

    assertThat(get("/items?q=a")).isEqualTo("items a #1");
    assertThat(server.post("/items?q=a", "Clear-Site-Data", "\"cache\"").body()).isEqualTo("items a #2");
  }

  @Test
  @DisplayName("other types (\"cookies\", \"storage\") leave the cache alone")
  void otherTypes() throws Exception {
    get("/page?q=a");
    assertThat(get("/page?q=a", "Clear-Site-Data", "\"cookies\", \"storage\"")).isEqualTo("page a #1");
    assertThat(real.calls("page")).isEqualTo(1);
  }

  @Test
  @DisplayName("a malformed header is ignored (served from the cache) and logged once")
  void malformed() throws Exception {
    get("/page?q=a");
    try (Warnings warnings = new Warnings()) {
      for (String bad : new String[] {"\"cache", "\"cache\" junk", "\"" + "cache".repeat(2_000) + "\"", "[cache]"}) {
        assertThat(get("/page?q=a", "Clear-Site-Data", bad)).as(bad).isEqualTo("page a #1");
      }
      assertThat(real.calls("page")).isEqualTo(1);
      assertThat(warnings.messages()).hasSize(1);
      assertThat(warnings.messages().get(0)).contains("ClearSiteDataFilter", "Clear-Site-Data", "unterminated quoted string");
    }
  }
}
