package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the three filters together, in the order docs/servlet.md gives")
class FilterChainTest extends CatalogServerTest {
  @Override
  TestServer serve() throws Exception {
    return new TestServer(servlet, context -> addKajuFilters(context, cache));
  }

  // docs/servlet.md copies this method
  /** Kaju's three filters in front of every servlet of {@code context}, outermost first. */
  static void addKajuFilters(ServletContextHandler context, Cache cache) {
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    context.addFilter(new FilterHolder(new ClearSiteDataFilter()), "/*", requests);
    context.addFilter(new FilterHolder(new EtagFilter(cache)), "/*", requests);
    context.addFilter(new FilterHolder(new CacheControlFilter(cache)), "/*", requests);
  }

  @Test
  @DisplayName("http-01: an @Early endpoint ignores header changes within its TTL")
  void earlyIgnoresHeaders() throws Exception {
    assertThat(server.get("/root?q=q", "X-Name", "test").body()).isEqualTo("{\"name\":\"test\",\"q\":\"q\"}");
    assertThat(server.get("/root?q=q", "X-Name", "name").body()).isEqualTo("{\"name\":\"test\",\"q\":\"q\"}");
    assertThat(real.calls("root")).isEqualTo(1);
  }

  @Test
  @DisplayName("a browser's reload (Cache-Control: max-age=0 with If-None-Match) of an unchanged entry is answered 304")
  void reload() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    HttpResponse<String> reload = server.get("/page?q=a", "Cache-Control", "max-age=0", "If-None-Match", etag);
    assertThat(reload.statusCode()).isEqualTo(304);
    assertThat(servlet.requests.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("Clear-Site-Data with a live If-None-Match recomputes and answers 200 with a new tag")
  void clearSiteDataBeats304() throws Exception {
    String etag = etag(server.get("/page?q=a"));
    HttpResponse<String> cleared = server.get("/page?q=a", "Clear-Site-Data", "\"cache\"", "If-None-Match", etag);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(cleared.body()).isEqualTo("page a #2");
    String fresh = etag(cleared);
    assertThat(fresh).isNotEqualTo(etag);
    assertThat(server.get("/page?q=a", "If-None-Match", fresh).statusCode()).isEqualTo(304);
    assertThat(server.get("/page?q=a", "If-None-Match", etag).statusCode()).as("the old tag").isEqualTo(200);
  }

  @Test
  @DisplayName("no-cache recomputes and stores: the response carries the new entry's tag")
  void noCacheRetags() throws Exception {
    String etag = etag(server.get("/items?q=a"));
    HttpResponse<String> fresh = server.get("/items?q=a", "Cache-Control", "no-cache");
    assertThat(fresh.body()).isEqualTo("items a #2");
    assertThat(etag(fresh)).isNotEqualTo(etag);
    assertThat(server.get("/items?q=a", "If-None-Match", etag(fresh)).statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName("no-store: nothing stored, so no tag")
  void noStoreUntagged() throws Exception {
    HttpResponse<String> response = server.get("/items?q=a", "Cache-Control", "no-store");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).isEmpty();
  }
}
