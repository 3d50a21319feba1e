package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.internal.redis.generated.Weather;
import dev.kaju.internal.redis.generated.WeatherCached;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, through classes the processor generated: with Redis frozen (SIGSTOP), a cached
 * {@code CompletableFuture} method, stacked steps and a failover return unfinished futures at once,
 * 200 calls in flight start no thread, and every call answers once Redis resumes.
 */
class RedisGeneratedAsyncTest {
  private RedisServer server;
  private Cache cache;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile RuntimeException failWith;

  private final Weather real = new Weather() {
    private CompletableFuture<String> answer(String city) {
      calls.incrementAndGet();
      RuntimeException e = failWith;
      return e == null ? CompletableFuture.completedFuture("sunny in " + city) : CompletableFuture.failedFuture(e);
    }

    @Override
    public CompletableFuture<String> forecast(String city) {
      return answer(city);
    }

    @Override
    public CompletableFuture<String> stacked(String city) {
      return answer(city);
    }

    @Override
    public CompletableFuture<String> fallback(String city) {
      return answer(city);
    }

    @Override
    public CompletableFuture<String> tenantForecast(String city) {
      return answer(city);
    }

    @Override
    public CompletableFuture<String> tenantLocked(String city) {
      return answer(city);
    }
  };

  @BeforeEach
  void start() {
    server = RedisServer.start();
    cache = Cache.create().setup(server.url() + "?timeout=20s");
  }

  @AfterEach
  void stop() {
    cache.close();
    server.close();
  }

  private static Set<Thread> live() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  /** Warms {@code method} up, freezes Redis, fires 200 calls, and checks them before and after the resume. */
  private void frozen(Function<String, CompletableFuture<String>> method) throws Exception {
    assertThat(method.apply("oslo").get(20, TimeUnit.SECONDS)).isEqualTo("sunny in oslo");
    for (int i = 0; i < 64; i++) { // Lettuce's and Kaju's threads have all started
      assertThat(method.apply("oslo").get(20, TimeUnit.SECONDS)).isEqualTo("sunny in oslo");
    }
    Set<Thread> before = live();
    List<CompletableFuture<String>> inFlight = new ArrayList<>();
    server.pause();
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        inFlight.add(method.apply("oslo"));
      }
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(elapsedMs).as("200 calls returned without waiting for Redis (20 s timeout)").isLessThan(10_000);
      assertThat(inFlight).as("no call is done while Redis is frozen").noneMatch(CompletableFuture::isDone);
      Set<Thread> added = live();
      added.removeAll(before);
      added.removeIf(t -> t.getName().equals("process reaper")); // the JDK's, for the test's own kill -STOP
      assertThat(added).as("threads started by 200 calls in flight").isEmpty();
    } finally {
      server.resume();
    }
    for (CompletableFuture<String> f : inFlight) {
      assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("sunny in oslo");
    }
  }

  @Test
  @DisplayName("a generated @Cached CompletableFuture method on a frozen Redis")
  void cached() throws Exception {
    Weather weather = new WeatherCached(real, cache);
    frozen(weather::forecast);
    assertThat(calls).as("one call, then hits").hasValue(1);
  }

  @Test
  @DisplayName("@Failover over @Cached, generated, on a frozen Redis; the inner hit is not stored by the failover")
  void stacked() throws Exception {
    Weather weather = new WeatherCached(real, cache);
    frozen(weather::stacked);
    assertThat(calls).as("one call, then inner hits").hasValue(1);
    assertThat(cache.<String>get("fail:weather:oslo")).isEqualTo("sunny in oslo");
  }

  @Test
  @DisplayName("@Failover on Redis: a failed future is answered with the last good result read asynchronously")
  void failover() throws Exception {
    Weather weather = new WeatherCached(real, cache);
    assertThat(weather.fallback("rome").get(20, TimeUnit.SECONDS)).isEqualTo("sunny in rome");
    failWith = new IllegalStateException("down");
    server.pause();
    CompletableFuture<String> served;
    try {
      served = weather.fallback("rome");
      assertThat(served).as("the fallback waits for Redis, not the caller").isNotDone();
    } finally {
      server.resume();
    }
    assertThat(served.get(20, TimeUnit.SECONDS)).isEqualTo("sunny in rome");
  }

  @Test
  @DisplayName("inner steps whose keys read the KeyContext see the caller's values though the outer step continues on a Redis thread")
  void keyContextAcrossThreads() throws Exception {
    Weather weather = new WeatherCached(real, cache);
    try (var tenant = dev.kaju.KeyContext.with("tenant", "acme")) {
      assertThat(weather.tenantForecast("oslo").get(20, TimeUnit.SECONDS)).isEqualTo("sunny in oslo");
      assertThat(weather.tenantLocked("rome").get(20, TimeUnit.SECONDS)).isEqualTo("sunny in rome");
    }
    assertThat(cache.exists("t:acme:oslo")).isTrue();
    assertThat(cache.exists("tf:acme:rome")).isTrue();
  }
}
