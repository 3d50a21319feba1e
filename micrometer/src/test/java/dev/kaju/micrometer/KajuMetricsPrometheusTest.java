package dev.kaju.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KajuMetrics: the Prometheus text format shows each command's series")
class KajuMetricsPrometheusTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Cache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  @Test
  @DisplayName("gets (hits and misses), sets, a getMany and an async get appear in registry.scrape()")
  void scrape() throws Exception {
    KajuMetrics metrics = new KajuMetrics(Tags.of("cache", "users"));
    metrics.bindTo(registry);
    cache = Cache.create().setup("mem://", Settings.builder().middlewares(metrics.middleware("mem://")).build());

    cache.set("a", "1");
    cache.set("b", "2");
    assertThat(cache.<Object>get("a")).isEqualTo("1");
    assertThat(cache.<Object>get("b")).isEqualTo("2");
    assertThat(cache.<Object>get("nope")).isNull();
    assertThat(cache.getMany("a", "nope")).containsExactly("1", null);
    assertThat(cache.async().get("a").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("1");
    cache.delete("b");

    String text = registry.scrape();
    assertThat(lines(text))
        .contains(
            "kaju_command_seconds_count{backend=\"mem://\",cache=\"users\",command=\"get\",result=\"hit\",strategy=\"none\"} 3",
            "kaju_command_seconds_count{backend=\"mem://\",cache=\"users\",command=\"get\",result=\"miss\",strategy=\"none\"} 1",
            "kaju_command_seconds_count{backend=\"mem://\",cache=\"users\",command=\"set\",result=\"ok\",strategy=\"none\"} 2",
            "kaju_command_seconds_count{backend=\"mem://\",cache=\"users\",command=\"get_many\",result=\"ok\",strategy=\"none\"} 1",
            "kaju_command_seconds_count{backend=\"mem://\",cache=\"users\",command=\"delete\",result=\"ok\",strategy=\"none\"} 1",
            "kaju_gets_total{backend=\"mem://\",cache=\"users\",result=\"hit\"} 4.0",
            "kaju_gets_total{backend=\"mem://\",cache=\"users\",result=\"miss\"} 2.0",
            "kaju_puts_total{backend=\"mem://\",cache=\"users\"} 2.0")
        .anyMatch(l -> l.startsWith("kaju_command_seconds_sum{backend=\"mem://\",cache=\"users\",command=\"get\",result=\"hit\",strategy=\"none\"} "))
        .anyMatch(l -> l.startsWith("kaju_command_seconds_max{backend=\"mem://\",cache=\"users\",command=\"get\",result=\"hit\",strategy=\"none\"} "));
    assertThat(text).contains("# TYPE kaju_command_seconds summary", "# HELP kaju_gets_total ");
  }

  @Test
  @DisplayName("before the first read, the hit and miss counters are there at zero")
  void countersStartAtZero() {
    KajuMetrics metrics = KajuMetrics.of(registry);
    metrics.middleware("mem://");
    assertThat(lines(registry.scrape()))
        .contains("kaju_gets_total{backend=\"mem://\",result=\"hit\"} 0.0", "kaju_gets_total{backend=\"mem://\",result=\"miss\"} 0.0");
  }

  @Test
  @DisplayName("a registry bound after the middleware was made sees the meters and what follows")
  void bindLater() {
    KajuMetrics metrics = new KajuMetrics();
    cache = Cache.create().setup("mem://", Settings.builder().middlewares(metrics.middleware("mem://")).build());
    cache.set("a", "1");
    metrics.bindTo(registry);
    cache.get("a");
    assertThat(lines(registry.scrape()))
        .contains("kaju_command_seconds_count{backend=\"mem://\",command=\"get\",result=\"hit\",strategy=\"none\"} 1");
  }

  @Test
  @DisplayName("the async path (a backend doing I/O) records when the stage completes, not when it is made, and before the caller's next step")
  void asyncRecordedOnCompletion() throws Exception {
    KajuMetrics metrics = KajuMetrics.of(registry);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    // holds every async answer until the gate opens: a slow server
    Middleware slow = (call, chain) -> chain.async()
        ? ((CompletionStage<?>) chain.proceed(call)).thenCombine(gate, (value, open) -> value)
        : chain.proceed(call);
    cache = Cache.create().setup("iomem://", Settings.builder().middlewares(metrics.middleware("iomem://"), slow).build());
    cache.set("a", "1");

    long[] countSeenByNextStep = {-1};
    CompletableFuture<Object> pending = cache.async().get("a")
        .thenApply(v -> {
          countSeenByNextStep[0] = count("get", "hit");
          return v;
        })
        .toCompletableFuture();
    Thread.sleep(50);
    assertThat(pending).isNotDone();
    assertThat(count("get", "hit")).as("nothing recorded while the command runs").isZero();

    gate.complete(null);
    assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo("1");
    assertThat(countSeenByNextStep[0]).isEqualTo(1);
    Timer timer = registry.find("kaju.command").tags("command", "get", "result", "hit", "backend", "iomem://").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).as("timed until completion").isGreaterThanOrEqualTo(40);
    assertThat(registry.scrape()).contains("kaju_command_seconds_count{backend=\"iomem://\",command=\"get\",result=\"hit\",strategy=\"none\"} 1");
  }

  @Test
  @DisplayName("a command that throws is recorded as result=error and its exception reaches the caller unchanged, sync and async")
  void errors() throws Exception {
    KajuMetrics metrics = KajuMetrics.of(registry);
    IllegalStateException boom = new IllegalStateException("boom");
    Middleware failing = (call, chain) -> {
      if (call instanceof Command.Exists) {
        if (chain.async()) {
          return CompletableFuture.failedFuture(boom);
        }
        throw boom;
      }
      return chain.proceed(call);
    };
    cache = Cache.create().setup("iomem://", Settings.builder().middlewares(metrics.middleware("iomem://"), failing).build());
    assertThatThrownBy(() -> cache.exists("k")).isSameAs(boom);
    CompletableFuture<Boolean> f = cache.async().exists("k").toCompletableFuture();
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
    assertThat(count("exists", "error")).isEqualTo(2);
  }

  @Test
  @DisplayName("an async getMany and setMany on a backend doing I/O count each key")
  void asyncMany() throws Exception {
    KajuMetrics metrics = KajuMetrics.of(registry);
    cache = Cache.create().setup("iomem://", Settings.builder().middlewares(metrics.middleware("iomem://")).build());
    cache.async().setMany(Map.of("a", "1", "b", "2")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(cache.async().getMany("a", "b", "c").toCompletableFuture().get(10, TimeUnit.SECONDS)).containsExactly("1", "2", null);
    assertThat(lines(registry.scrape()))
        .contains(
            "kaju_gets_total{backend=\"iomem://\",result=\"hit\"} 2.0",
            "kaju_gets_total{backend=\"iomem://\",result=\"miss\"} 1.0",
            "kaju_puts_total{backend=\"iomem://\"} 2.0");
  }

  @Test
  @DisplayName("middleware(backend) refuses a blank name")
  void blankBackend() {
    assertThatThrownBy(() -> new KajuMetrics().middleware(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backend must not be blank, was ' '");
  }

  private long count(String command, String result) {
    Timer t = registry.find("kaju.command").tags("command", command, "result", result).timer();
    return t == null ? 0 : t.count();
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n"));
  }

  @Test
  @DisplayName("each command carries the strategy of the generated call that sent it (sync and async); the Cache API's carry none")
  void strategyTag() throws Exception {
    KajuMetrics metrics = new KajuMetrics();
    metrics.bindTo(registry);
    cache = Cache.create().setup("mem://", Settings.builder().middlewares(metrics.middleware("mem://")).build());
    dev.kaju.support.CachedSite<String> cached =
        dev.kaju.support.CachedSite.<String>builder(cache, "Svc.get").type(String.class).ttl(java.time.Duration.ofMinutes(5)).build();
    dev.kaju.support.RateLimitSite<String> limited = dev.kaju.support.RateLimitSite.<String>builder(cache, "Svc.limited")
        .limit(10).period(java.time.Duration.ofMinutes(1)).ttl(java.time.Duration.ofMinutes(1)).type(String.class).build();

    assertThat(cached.call("k", () -> "v")).isEqualTo("v"); // a miss, then the store
    assertThat(cached.call("k", () -> "w")).isEqualTo("v"); // a hit
    assertThat(cached.callAsync("k", () -> java.util.concurrent.CompletableFuture.completedFuture("w")).get(10, TimeUnit.SECONDS))
        .isEqualTo("v"); // a hit on the async path
    assertThat(limited.call("limit:1", () -> "ok")).isEqualTo("ok"); // the rate limit's counter
    assertThat(cache.<Object>get("k")).isEqualTo("v"); // the Cache API

    assertThat(lines(registry.scrape()))
        .contains(
            "kaju_command_seconds_count{backend=\"mem://\",command=\"get\",result=\"miss\",strategy=\"simple\"} 1",
            "kaju_command_seconds_count{backend=\"mem://\",command=\"set\",result=\"ok\",strategy=\"simple\"} 1",
            "kaju_command_seconds_count{backend=\"mem://\",command=\"get\",result=\"hit\",strategy=\"simple\"} 2",
            "kaju_command_seconds_count{backend=\"mem://\",command=\"incr\",result=\"ok\",strategy=\"rate_limit\"} 1",
            "kaju_command_seconds_count{backend=\"mem://\",command=\"get\",result=\"hit\",strategy=\"none\"} 1");
    // the attribution ends with each call: a later Cache API command is "none" again
    cache.set("x", "1");
    assertThat(lines(registry.scrape()))
        .contains("kaju_command_seconds_count{backend=\"mem://\",command=\"set\",result=\"ok\",strategy=\"none\"} 1");
  }

  @Test
  @DisplayName("on a backend doing I/O, a generated method's async lookup and store carry its strategy too")
  void strategyTagAsync() throws Exception {
    KajuMetrics metrics = KajuMetrics.of(registry);
    cache = Cache.create().setup("iomem://", Settings.builder().middlewares(metrics.middleware("iomem://")).build());
    dev.kaju.support.CachedSite<String> cached =
        dev.kaju.support.CachedSite.<String>builder(cache, "Svc.get").type(String.class).ttl(java.time.Duration.ofMinutes(5)).build();
    assertThat(cached.callAsync("k", () -> CompletableFuture.supplyAsync(() -> "v")).get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(cached.callAsync("k", () -> CompletableFuture.completedFuture("w")).get(10, TimeUnit.SECONDS)).isEqualTo("v");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the store completes on the backend's thread
    while (!registry.scrape().contains("command=\"set\",result=\"ok\",strategy=\"simple\"} 1") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(lines(registry.scrape()))
        .contains(
            "kaju_command_seconds_count{backend=\"iomem://\",command=\"get\",result=\"miss\",strategy=\"simple\"} 1",
            "kaju_command_seconds_count{backend=\"iomem://\",command=\"set\",result=\"ok\",strategy=\"simple\"} 1",
            "kaju_command_seconds_count{backend=\"iomem://\",command=\"get\",result=\"hit\",strategy=\"simple\"} 1");
  }
}
