package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("EtagFilter (cashews http-05): ETag on cached responses, 304 for a live If-None-Match")
class EtagFilterTest extends CatalogServerTest {
  private static final String ETAG = "^\"[a-f0-9]+\"$";

  @Override
  TestServer serve() throws Exception {
    return new TestServer(servlet, new EtagFilter(cache));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/page?q=a", "/root?q=a", "/stream?q=a"})
  @DisplayName("plain @Cached and @Early: an ETag; its If-None-Match gets 304 without running the handler; another value gets 200 and the same ETag")
  void etagAnd304(String path) throws Exception {
    HttpResponse<String> first = server.get(path, "X-Name", "test");
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = etag(first);
    assertThat(etag).matches(ETAG);

    HttpResponse<String> notModified = server.get(path, "X-Name", "test", "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(etag(notModified)).isEqualTo(etag);
    assertThat(servlet.requests.get()).as("the 304 never reached the servlet").isEqualTo(1);

    HttpResponse<String> other = server.get(path, "X-Name", "test", "If-None-Match", "\"0123456789abcdef0123456789abcdef\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());
    assertThat(etag(other)).isEqualTo(etag);
    assertThat(real.calls("page") + real.calls("root")).as("the method ran once, the second 200 was a hit").isEqualTo(1);
  }

  @Test
  @DisplayName("the tag is recorded in the cache with the entry's remaining TTL")
  void recordedWithRemainingTtl() throws Exception {
    server.get("/page?q=a");
    ticker.advance(Duration.ofMinutes(20));
    String etag = etag(server.get("/page?q=a"));
    String hex = etag.substring(1, etag.length() - 1);

    assertThat(cache.getExpire("page:a")).isEqualTo(40 * 60);
    assertThat(cache.getExpire(EtagFilter.KEY_PREFIX + hex)).isEqualTo(40 * 60);
    assertThat(cache.<String>get(EtagFilter.KEY_PREFIX + hex)).isEqualTo("page:a");
  }

  @Test
  @DisplayName("once the entry expired, its tag gets the full, recomputed response and a new tag")
  void expiredEntry() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    ticker.advance(Duration.ofMinutes(61));
    assertFullAndRetagged(etag, "page a #2");
  }

  @Test
  @DisplayName("an entry stored again with another value no longer matches its old tag, though the tag's record lives on")
  void changedEntry() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    cache.set("page:a", "changed", Duration.ofHours(1));
    assertFullAndRetagged(etag, "changed");
  }

  /** /page?q=a with If-None-Match {@code etag} gets 200, {@code body} and a new tag. */
  private void assertFullAndRetagged(String etag, String body) throws Exception {
    HttpResponse<String> again = server.get("/page?q=a", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(body);
    assertThat(etag(again)).matches(ETAG).isNotEqualTo(etag);
  }

  @Test
  @DisplayName("If-None-Match with several tags, weak ones included, matches any of them")
  void severalTags() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    HttpResponse<String> response = server.get("/page?q=a", "If-None-Match", "\"x\", W/" + etag + " ,\"y\"");
    assertThat(response.statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName("HEAD gets the ETag and the 304 too")
  void head() throws Exception {
    HttpResponse<String> first = server.head("/page?q=a");
    assertThat(first.statusCode()).isEqualTo(200);
    String etag = etag(first);
    assertThat(etag).matches(ETAG);
    assertThat(server.head("/page?q=a", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(etag(server.get("/page?q=a"))).isEqualTo(etag);
  }

  @Test
  @DisplayName("no tag for a response without a cached call, for an error, nor for POST; POST is never answered 304")
  void untagged() throws Exception {
    assertThat(etag(server.get("/plain"))).isNull();

    HttpResponse<String> missing = server.get("/missing?q=a");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(etag(missing)).isNull();

    String etag = etag(server.get("/items?q=a"));
    assertThat(etag).matches(ETAG);
    HttpResponse<String> post = server.post("/items?q=a", "If-None-Match", etag);
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.body()).isEqualTo("items a #1");
    assertThat(etag(post)).isNull();
  }

  @Test
  @DisplayName("an asynchronous servlet, answering on another thread, is served in full and untagged (a documented limit)")
  void asyncUntagged() throws Exception {
    for (int i = 1; i <= 2; i++) {
      HttpResponse<String> response = server.get("/async?q=a");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("page a #1");
      assertThat(etag(response)).isNull();
    }
    assertThat(real.calls("page")).isEqualTo(1);
  }

  @Test
  @DisplayName("a malformed If-None-Match is served in full, and logged once")
  void malformed() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    try (Warnings warnings = new Warnings()) {
      for (String bad : new String[] {etag.substring(0, 10), etag + " junk", "\"a b\"", "\"" + "a".repeat(10_000) + "\""}) {
        HttpResponse<String> response = server.get("/page?q=a", "If-None-Match", bad);
        assertThat(response.statusCode()).as(bad).isEqualTo(200);
        assertThat(response.body()).isEqualTo("page a #1");
        assertThat(etag(response)).isEqualTo(etag);
      }
      assertThat(warnings.messages()).hasSize(1);
      assertThat(warnings.messages().get(0)).contains("EtagFilter", "If-None-Match", "unterminated");
    }
  }

  @Test
  @DisplayName("If-None-Match: * is not answered 304 (the filter cannot know before the handler runs)")
  void star() throws Exception {
    server.get("/page?q=a");
    HttpResponse<String> response = server.get("/page?q=a", "If-None-Match", "*");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("page a #1");
  }
}
