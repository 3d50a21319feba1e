package dev.kaju.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.spring.boot.app.Calls;
import dev.kaju.spring.boot.app.CountingGreeter;
import dev.kaju.spring.boot.app.Greeter;
import dev.kaju.spring.boot.app.GreeterApplication;
import dev.kaju.spring.boot.app.GreeterCached;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** A real application on a real port: the controller's calls go through the generated GreeterCached. */
@SpringBootTest(
    classes = GreeterApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.show-details=always",
        "management.defaults.metrics.export.enabled=true",
        "management.prometheus.metrics.export.enabled=true"})
@DisplayName("A Spring Boot application over HTTP")
class GreeterApplicationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Calls calls;
  @Autowired Greeter greeter;

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)));
  }

  @Test
  @DisplayName("the second GET of a greeting is answered by the cache: the service ran once")
  void secondCallHits() throws Exception {
    int before = calls.count();
    HttpResponse<String> first = get("/greet/ann");
    HttpResponse<String> second = get("/greet/ann");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("Hello, ann!");
    assertThat(second.body()).isEqualTo("Hello, ann!");
    assertThat(calls.count() - before).isEqualTo(1);
    assertThat(greeter).isInstanceOf(GreeterCached.class);
    assertThat(context.getBeanNamesForType(CountingGreeter.class)).isEmpty();
  }

  @Test
  @DisplayName("kaju-servlet's filters are registered: an ETag, a 304 for If-None-Match, Cache-Control: no-cache recomputes")
  void httpFilters() throws Exception {
    int before = calls.count();
    HttpResponse<String> first = get("/greet/eve");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("^\"[a-f0-9]+\"$");
    HttpResponse<String> notModified = send(HttpRequest.newBuilder(uri("/greet/eve")).header("If-None-Match", etag));
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(calls.count() - before).isEqualTo(1);
    HttpResponse<String> noCache = send(HttpRequest.newBuilder(uri("/greet/eve")).header("Cache-Control", "no-cache"));
    assertThat(noCache.body()).isEqualTo("Hello, eve!");
    assertThat(calls.count() - before).as("no-cache: the read was skipped").isEqualTo(2);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("/actuator/health shows the kaju indicator UP with the ping answer")
  void health() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode kaju = new ObjectMapper().readTree(health.body()).at("/components/kaju");
    assertThat(kaju.at("/status").asString()).isEqualTo("UP");
    assertThat(kaju.at("/details/ping").asString()).isEqualTo("PONG");
  }

  @Test
  @DisplayName("/actuator/prometheus has kaju_command series after a call")
  void prometheus() throws Exception {
    get("/greet/bob");
    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains("kaju_command_seconds_count{backend=\"default\",command=\"get\",result=\"miss\",strategy=\"simple\"}")
        .contains("kaju_puts_total{backend=\"default\"}");
  }
}
