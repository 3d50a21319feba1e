package dev.kaju.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.FakeTicker;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test against Jetty serving {@link CatalogServlet} over the generated {@code CatalogCached}, on
 * {@code mem://} with a fake ticker, behind the filters of {@link #serve()}.
 */
abstract class CatalogServerTest {
  final FakeTicker ticker = new FakeTicker();
  final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(ticker).build());
  final CountingCatalog real = new CountingCatalog();
  final CatalogServlet servlet = new CatalogServlet(new CatalogCached(real, cache));
  TestServer server;

  /** Jetty serving {@link #servlet} behind the filters under test. */
  abstract TestServer serve() throws Exception;

  @BeforeEach
  void start() throws Exception {
    server = serve();
  }

  @AfterEach
  void stop() {
    server.close();
    cache.close();
  }

  /** The body of a GET that must answer 200. */
  String get(String path, String... headers) throws Exception {
    HttpResponse<String> response = server.get(path, headers);
    assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
    return response.body();
  }

  static @Nullable String etag(HttpResponse<?> response) {
    return response.headers().firstValue("ETag").orElse(null);
  }
}
