package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.RateLimitException;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cashews' rate_limit (rate-01..05) and slice_rate_limit (srate-01..03) on the memory backend, time injected. */
@DisplayName("@RateLimit and @SliceRateLimit: RateLimitSite, SliceRateLimitSite")
class RateLimitSiteTest {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = new FakeClock();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(ticker).clock(clock).build());
  private final AtomicInteger runs = new AtomicInteger();

  @AfterEach
  void close() {
    cache.close();
  }

  private void advance(Duration d) {
    ticker.advance(d);
    clock.advance(d);
  }

  private String run() {
    return "run#" + runs.incrementAndGet();
  }

  private RateLimitSite<String> limit(int n, Duration period) {
    return RateLimitSite.<String>builder(cache, "Svc.login").type(String.class).limit(n).period(period).build();
  }

  private SliceRateLimitSite<String> slice(int n, Duration period) {
    return SliceRateLimitSite.<String>builder(cache, "Svc.search").type(String.class).limit(n).period(period).build();
  }

  private static void assertRefused(CompletableFuture<?> f) {
    assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(RateLimitException.class);
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  @DisplayName("rate-01: n calls run, call n+1 throws RateLimitException without running the method")
  void fixedWindow(int n) {
    RateLimitSite<String> site = limit(n, Duration.ofSeconds(1));
    for (int i = 1; i <= n; i++) {
      assertThat(site.call("rate_limit:k", this::run)).isEqualTo("run#" + i);
    }
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Svc.login")
        .hasMessageContaining("rate limit of " + n + " calls per 1s");
    assertThat(runs).hasValue(n);
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  @DisplayName("rate-01 async: n calls run, call n+1 fails with RateLimitException without running the method")
  void fixedWindowAsync(int n) {
    RateLimitSite<String> site = limit(n, Duration.ofSeconds(1));
    for (int i = 1; i <= n; i++) {
      assertThat(site.callAsync("rate_limit:k", () -> CompletableFuture.completedFuture(run()))).isCompletedWithValue("run#" + i);
    }
    assertRefused(site.callAsync("rate_limit:k", () -> CompletableFuture.completedFuture(run())));
    assertThat(runs).hasValue(n);
  }

  @Test
  @DisplayName("rate-02: the counter lives one period from the first call: refused 10 ms later, allowed once the period has passed")
  void windowEnds() {
    RateLimitSite<String> site = limit(1, Duration.ofSeconds(1));
    site.call("rate_limit:k", this::run);
    assertThat(cache.getExpire("rate_limit:k")).isEqualTo(1);
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run)).isInstanceOf(RateLimitException.class);
    advance(Duration.ofMillis(10));
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run)).isInstanceOf(RateLimitException.class);
    advance(Duration.ofSeconds(1));
    assertThat(site.call("rate_limit:k", this::run)).isEqualTo("run#2");
  }

  @Test
  @DisplayName("rate-05: with a ban ttl, the first call over the limit sets the counter's TTL to it; the key stays refused that long")
  void ban() {
    RateLimitSite<String> site = RateLimitSite.<String>builder(cache, "Svc.login").limit(1).period(Duration.ofSeconds(1))
        .ttl(Duration.ofSeconds(10)).build();
    site.call("rate_limit:k", this::run);
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run)).isInstanceOf(RateLimitException.class)
        .hasMessageContaining("banned for 10s");
    assertThat(cache.getExpire("rate_limit:k")).isEqualTo(10);
    advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run)).isInstanceOf(RateLimitException.class);
    assertThat(cache.getExpire("rate_limit:k")).as("only the first refused call sets the ban").isEqualTo(8);
    advance(Duration.ofSeconds(9));
    assertThat(site.call("rate_limit:k", this::run)).isEqualTo("run#2");

    site.call("rate_limit:async", this::run);
    assertRefused(site.callAsync("rate_limit:async", () -> CompletableFuture.completedFuture(run())));
    assertThat(cache.getExpire("rate_limit:async")).isEqualTo(10);
  }

  @Test
  @DisplayName("rate-03: limits are per key: 'test' is refused after one call while 'new' is still allowed")
  void perKey() {
    RateLimitSite<String> site = limit(1, Duration.ofMinutes(1));
    site.call("rate_limit:user:test", this::run);
    assertThatThrownBy(() -> site.call("rate_limit:user:test", this::run)).isInstanceOf(RateLimitException.class);
    assertThat(site.call("rate_limit:user:new", this::run)).isEqualTo("run#2");
  }

  @Test
  @DisplayName("a method's own exception passes through and the call still counts")
  void methodFailureCounts() {
    RateLimitSite<String> site = limit(1, Duration.ofMinutes(1));
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> site.call("rate_limit:k", () -> {
      throw boom;
    })).isSameAs(boom);
    assertThatThrownBy(() -> site.call("rate_limit:k", this::run)).isInstanceOf(RateLimitException.class);
  }

  @Test
  @DisplayName("the builders check limit and period, naming the site")
  void builders() {
    assertThatThrownBy(() -> RateLimitSite.builder(cache, "Svc.login").limit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Svc.login: limit must be at least 1, was 0");
    assertThatThrownBy(() -> RateLimitSite.builder(cache, "Svc.login").limit(1).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("needs a period");
    assertThatThrownBy(() -> SliceRateLimitSite.builder(cache, "Svc.search").period(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
  }

  // ---- sliding window

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  @DisplayName("srate-01: n calls run within the window, call n+1 throws RateLimitException, sync and async")
  void slidingWindow(int n) {
    SliceRateLimitSite<String> site = slice(n, Duration.ofSeconds(10));
    for (int i = 1; i <= n; i++) {
      assertThat(site.call("srl:k", this::run)).isEqualTo("run#" + i);
      advance(Duration.ofMillis(100));
    }
    assertThatThrownBy(() -> site.call("srl:k", this::run))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Svc.search")
        .hasMessageContaining("rate limit of " + n + " calls in any 10s");
    assertThat(runs).hasValue(n);

    for (int i = 1; i <= n; i++) {
      assertThat(site.callAsync("srl:async", () -> CompletableFuture.completedFuture(run()))).isCompletedWithValue("run#" + (n + i));
    }
    assertRefused(site.callAsync("srl:async", () -> CompletableFuture.completedFuture(run())));
    assertThat(runs).hasValue(2 * n);
  }

  @Test
  @DisplayName("srate-02: sliding limits are per key")
  void slidingPerKey() {
    SliceRateLimitSite<String> site = slice(1, Duration.ofSeconds(10));
    site.call("srl:user:test", this::run);
    assertThatThrownBy(() -> site.call("srl:user:test", this::run)).isInstanceOf(RateLimitException.class);
    assertThat(site.call("srl:user:new", this::run)).isEqualTo("run#2");
  }

  @Test
  @DisplayName("srate-03: the window slides with the wall clock (Settings.clock); refused calls are recorded up to limit + 1")
  void slides() {
    SliceRateLimitSite<String> site = slice(2, Duration.ofSeconds(10));
    site.call("srl:k", this::run); // t = 0
    advance(Duration.ofSeconds(1));
    site.call("srl:k", this::run); // t = 1
    advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> site.call("srl:k", this::run)).isInstanceOf(RateLimitException.class); // t = 2, recorded
    advance(Duration.ofMillis(8500));
    // t = 10.5: a fixed window from t = 0 would have ended; the sliding one still holds t = 1 and t = 2
    assertThatThrownBy(() -> site.call("srl:k", this::run)).isInstanceOf(RateLimitException.class);
    advance(Duration.ofSeconds(9));
    // t = 19.5: only t = 10.5's entry is within the last 10 s
    assertThat(site.call("srl:k", this::run)).isEqualTo("run#3");
  }

  @Test
  @DisplayName("as inner steps, a served result stays reported as served")
  void served() {
    RateLimitSite<String> rate = RateLimitSite.<String>builder(cache, "Svc.login").limit(5).period(Duration.ofMinutes(1)).inner().build();
    SliceRateLimitSite<String> srl = SliceRateLimitSite.<String>builder(cache, "Svc.search").limit(5).period(Duration.ofMinutes(1)).inner().build();
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.x").ttl(Duration.ofMinutes(1)).inner().build();
    cache.set("v", "stored");
    Served.take();
    assertThat(rate.call("rate_limit:k", () -> srl.call("srl:k", () -> cached.call("v", () -> "fresh")))).isEqualTo("stored");
    assertThat(Served.take()).isTrue();
    CompletableFuture<String> async = rate.callAsync("rate_limit:k", () -> srl.callAsync("srl:k",
        () -> cached.callAsync("v", () -> CompletableFuture.completedFuture("fresh"))));
    assertThat(async).isCompletedWithValue("stored");
    assertThat(Served.from(async)).isTrue();
  }
}
