package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CacheControlFilter (cashews http-06): the request's Cache-Control steers the cached methods it calls")
class CacheControlFilterTest extends CatalogServerTest {
  @Override
  TestServer serve() throws Exception {
    return new TestServer(servlet, new CacheControlFilter(cache));
  }

  @Test
  @DisplayName("no header: cached, with the ttlMethod's default TTL")
  void noHeader() throws Exception {
    assertThat(get("/items?q=a")).isEqualTo("items a #1");
    assertThat(get("/items?q=a")).isEqualTo("items a #1");
    assertThat(real.calls("items")).isEqualTo(1);
    assertThat(cache.getExpire("items:a")).isEqualTo(10);
  }

  @Test
  @DisplayName("max-age=0: neither read nor stored")
  void maxAgeZero() throws Exception {
    assertThat(get("/items?q=a", "Cache-Control", "max-age=0")).isEqualTo("items a #1");
    assertThat(get("/items?q=a", "Cache-Control", "max-age=0")).isEqualTo("items a #2");
    assertThat(cache.exists("items:a")).as("not stored").isFalse();

    assertThat(get("/items?q=a")).isEqualTo("items a #3");
    assertThat(get("/items?q=a", "Cache-Control", "max-age=0")).as("not read").isEqualTo("items a #4");
    assertThat(get("/items?q=a")).as("the stored #3 was not overwritten").isEqualTo("items a #3");
  }

  @Test
  @DisplayName("max-age=600: stored for 600 seconds and served next time")
  void maxAge() throws Exception {
    assertThat(get("/items?q=a", "Cache-Control", "max-age=600")).isEqualTo("items a #1");
    assertThat(cache.getExpire("items:a")).isEqualTo(600);
    assertThat(get("/items?q=a")).isEqualTo("items a #1");
    ticker.advance(Duration.ofSeconds(599));
    assertThat(get("/items?q=a")).isEqualTo("items a #1");
    ticker.advance(Duration.ofSeconds(2));
    assertThat(get("/items?q=a")).isEqualTo("items a #2");
    assertThat(cache.getExpire("items:a")).as("the default again").isEqualTo(10);
  }

  @Test
  @DisplayName("no-cache: not read but stored (r1 == r2 != r3, and r3 is served next)")
  void noCache() throws Exception {
    String r1 = get("/items?q=a");
    String r2 = get("/items?q=a");
    String r3 = get("/items?q=a", "Cache-Control", "no-cache");
    assertThat(r1).isEqualTo(r2).isNotEqualTo(r3);
    assertThat(get("/items?q=a")).isEqualTo(r3);
    assertThat(real.calls("items")).isEqualTo(2);
  }

  @Test
  @DisplayName("no-store: neither read nor stored")
  void noStore() throws Exception {
    String r1 = get("/items?q=a");
    String r2 = get("/items?q=a", "Cache-Control", "no-store");
    assertThat(r2).isNotEqualTo(r1);
    assertThat(get("/items?q=a")).as("r2 was not stored").isEqualTo(r1);

    assertThat(get("/items?q=b", "Cache-Control", "no-store")).isEqualTo("items b #3");
    assertThat(cache.exists("items:b")).isFalse();
  }

  @Test
  @DisplayName("directives combine, in any case, across header lines; unknown ones are ignored")
  void combined() throws Exception {
    get("/items?q=a");
    assertThat(get("/items?q=a", "Cache-Control", "private, NO-CACHE", "Cache-Control", "max-age=\"300\""))
        .as("not read").isEqualTo("items a #2");
    assertThat(cache.getExpire("items:a")).as("stored with max-age").isEqualTo(300);
    assertThat(get("/items?q=a", "Cache-Control", "max-stale=5, must-revalidate")).isEqualTo("items a #2");
  }

  @Test
  @DisplayName("CacheControl.ttl(default, longest) bounds what a client asks; above 2^31 seconds max-age counts as 2^31")
  void bounded() throws Exception {
    get("/bounded?q=a", "Cache-Control", "max-age=99999999999999999999");
    assertThat(cache.getExpire("bounded:a")).isEqualTo(3600);
    get("/items?q=a", "Cache-Control", "max-age=99999999999999999999");
    assertThat(cache.getExpire("items:a")).isEqualTo(1L << 31);
  }

  @Test
  @DisplayName("POST is not affected: no-store still reads, max-age does not set the TTL")
  void post() throws Exception {
    String r1 = get("/items?q=a");
    var response = server.post("/items?q=a", "Cache-Control", "no-store");
    assertThat(response.body()).isEqualTo(r1);
    cache.delete("items:a");
    server.post("/items?q=a", "Cache-Control", "max-age=600");
    assertThat(cache.getExpire("items:a")).isEqualTo(10);
    assertThat(real.calls("items")).isEqualTo(2);
  }

  @Test
  @DisplayName("malformed headers are ignored (served as with no header) and logged once")
  void malformed() throws Exception {
    String r1 = get("/items?q=a");
    try (Warnings warnings = new Warnings()) {
      for (String bad : new String[] {"max-age=abc", "max-age=-1", "max-age", "max-age=1, max-age=2", "no-store \"x\"",
          "no-store, max-age=" + "9".repeat(10_000)}) {
        assertThat(get("/items?q=a", "Cache-Control", bad)).as(bad).isEqualTo(r1);
      }
      assertThat(real.calls("items")).isEqualTo(1);
      assertThat(cache.getExpire("items:a")).isEqualTo(10);
      assertThat(warnings.messages()).hasSize(1);
      assertThat(warnings.messages().get(0)).contains("CacheControlFilter", "Cache-Control", "'max-age=abc'", "max-age must be a number");
    }
  }

  @Test
  @DisplayName("the max-age ends with its request: the server's threads, reused, store later requests with the default")
  void maxAgeEndsWithRequest() throws Exception {
    get("/items?q=a", "Cache-Control", "max-age=600");
    for (int i = 0; i < 20; i++) {
      get("/items?q=n" + i);
      assertThat(cache.getExpire("items:n" + i)).isEqualTo(10);
    }
  }

  @Test
  @DisplayName("CacheControl.ttl: the default outside a request, the bound max-age inside, restored after")
  @SuppressWarnings("try")
  void ttlHelper() {
    assertThat(CacheControl.ttl(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    try (Cache.Scope outer = CacheControl.bind(Duration.ofSeconds(600))) {
      assertThat(CacheControl.ttl("7s")).isEqualTo(Duration.ofSeconds(600));
      assertThat(CacheControl.ttl(Duration.ofSeconds(7), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
      try (Cache.Scope inner = CacheControl.bind(null)) {
        assertThat(CacheControl.ttl("7s")).isEqualTo(Duration.ofSeconds(7));
      }
      assertThat(CacheControl.ttl("7s")).isEqualTo(Duration.ofSeconds(600));
    }
    assertThat(CacheControl.ttl("7s")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  @DisplayName("the response says how long its entry has left: Cache-Control: private, max-age=<TTL left>, as cashews")
  void responseMaxAge() throws Exception {
    assertThat(server.get("/items?q=a").headers().firstValue("Cache-Control")).hasValue("private, max-age=10");
    ticker.advance(Duration.ofSeconds(4));
    assertThat(server.get("/items?q=a").headers().firstValue("Cache-Control")).as("a hit: what is left").hasValue("private, max-age=6");
    assertThat(server.get("/items?q=b", "Cache-Control", "max-age=600").headers().firstValue("Cache-Control"))
        .hasValue("private, max-age=600");
    assertThat(server.get("/page?q=a").headers().firstValue("Cache-Control")).as("@Cached(ttl = \"1h\")").hasValue("private, max-age=3600");
  }

  @Test
  @DisplayName("no Cache-Control in the response when nothing was cached, the handler set its own, the request said no-store, or for POST")
  void noResponseMaxAge() throws Exception {
    assertThat(server.get("/plain").headers().firstValue("Cache-Control")).isEmpty();
    assertThat(server.get("/own?q=a").headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(cache.exists("page:a")).as("the handler's own header, yet its value cached").isTrue();
    assertThat(server.get("/items?q=c", "Cache-Control", "no-store").headers().firstValue("Cache-Control")).isEmpty();
    assertThat(server.post("/items?q=d").headers().firstValue("Cache-Control")).isEmpty();
    assertThat(server.get("/missing?q=e").headers().firstValue("Cache-Control")).as("a 404: Jetty's error page says its own")
        .hasValueSatisfying(v -> assertThat(v).doesNotContain("private"));
  }
}
