package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CircuitBreakerOpenException;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' circuit_breaker (cb-01..06) on the memory backend, time and half-open draws injected. */
@DisplayName("@CircuitBreaker: CircuitBreakerSite")
class CircuitBreakerSiteTest {
  private static final String KEY = "circuit_breaker:Svc.quote";

  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = new FakeClock();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(ticker).clock(clock).build());
  private final AtomicInteger runs = new AtomicInteger();

  static final class CustomError extends RuntimeException {
    CustomError() {
      super("custom");
    }
  }

  /** Half-open draws that alternate: refuse, let through, refuse, ... */
  static final class Alternating implements RandomGenerator {
    private boolean next = true;

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException();
    }

    @Override
    public synchronized boolean nextBoolean() {
      boolean b = next;
      next = !next;
      return b;
    }
  }

  @AfterEach
  void close() {
    cache.close();
  }

  private void advance(Duration d) {
    ticker.advance(d);
    clock.advance(d);
  }

  private String ok() {
    return "ok#" + runs.incrementAndGet();
  }

  private String fail() {
    runs.incrementAndGet();
    throw new CustomError();
  }

  /** cb-01's breaker: ttl 0.2 s, minCalls 10, errorsRate 5 %, period 1 s. */
  private CircuitBreakerSite<String> simple() {
    return CircuitBreakerSite.<String>builder(cache, "Svc.quote").type(String.class).errorsRate(5)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofMillis(200)).minCalls(10).build();
  }

  @Test
  @DisplayName("cb-01: 9 successes, then a failure (1 of 10 = 10% >= 5%) opens it: every later call is refused without running")
  void opens() {
    CircuitBreakerSite<String> cb = simple();
    for (int i = 0; i < 9; i++) {
      cb.call(KEY, this::ok);
    }
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    assertThat(runs).hasValue(10);
    assertThat(cache.isLocked(KEY + ":open")).isTrue();
    assertThatThrownBy(() -> cb.call(KEY, this::ok)).isInstanceOf(CircuitBreakerOpenException.class)
        .hasMessageContaining("Svc.quote");
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CircuitBreakerOpenException.class);
    assertThat(runs).as("the method did not run while open").hasValue(10);
    advance(Duration.ofMillis(201));
    assertThat(cb.call(KEY, this::ok)).as("closed again once ttl has passed").isEqualTo("ok#11");
  }

  @Test
  @DisplayName("cb-01 async: the same through callAsync")
  void opensAsync() {
    CircuitBreakerSite<String> cb = simple();
    for (int i = 0; i < 9; i++) {
      assertThat(cb.callAsync(KEY, () -> CompletableFuture.completedFuture(ok()))).isCompleted();
    }
    assertThat(cb.callAsync(KEY, () -> CompletableFuture.failedFuture(new CustomError())))
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class).withCauseInstanceOf(CustomError.class);
    assertThat(cb.callAsync(KEY, () -> CompletableFuture.completedFuture(ok())))
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(CircuitBreakerOpenException.class);
    assertThat(runs).hasValue(9);
  }

  @Test
  @DisplayName("minCalls: failures before minCalls calls in the window do not open it")
  void minCalls() {
    CircuitBreakerSite<String> cb = simple();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    }
    assertThat(cache.exists(KEY + ":open")).isFalse();
    assertThat(cb.call(KEY, this::ok)).isEqualTo("ok#6");
  }

  @Test
  @DisplayName("cb-03: calls and failures are counted over a sliding period: old failures stop counting")
  void period() {
    CircuitBreakerSite<String> cb = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(50)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(5)).minCalls(2).build();
    cb.call(KEY, this::ok);
    advance(Duration.ofMillis(1500)); // the success has left the window
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    assertThat(cache.exists(KEY + ":open")).as("1 call in the window: fewer than minCalls").isFalse();
    cb.call(KEY, this::ok);
    cb.call(KEY, this::ok);
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    assertThat(cache.exists(KEY + ":open")).as("2 failures of 4 = 50%").isTrue();
  }

  @Test
  @DisplayName("cb-02: half-open: after ttl, about half the calls are refused for halfOpenTtl, then all run")
  void halfOpen() {
    CircuitBreakerSite<String> cb = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(1)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofMillis(20)).halfOpenTtl(Duration.ofMillis(100)).minCalls(0)
        .random(new Alternating()).build();
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    assertThatThrownBy(() -> cb.call(KEY, this::ok)).isInstanceOf(CircuitBreakerOpenException.class);
    advance(Duration.ofMillis(21));
    int ran = 0;
    int refused = 0;
    for (int i = 0; i < 100; i++) {
      try {
        cb.call(KEY, this::ok);
        ran++;
      } catch (CircuitBreakerOpenException e) {
        assertThat(e).hasMessageContaining("half-open");
        refused++;
      }
    }
    assertThat(ran).isEqualTo(50);
    assertThat(refused).isEqualTo(50);
    advance(Duration.ofMillis(100));
    for (int i = 0; i < 10; i++) {
      cb.call(KEY, this::ok);
    }
    assertThat(runs).hasValue(1 + 50 + 10);
  }

  @Test
  @DisplayName("cb-02 with real draws: both outcomes occur while half-open")
  void halfOpenRandom() {
    CircuitBreakerSite<String> cb = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(1)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofMillis(20)).halfOpenTtl(Duration.ofMillis(100)).minCalls(0).build();
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    advance(Duration.ofMillis(21));
    int ran = 0;
    for (int i = 0; i < 100; i++) {
      try {
        cb.call(KEY, this::ok);
        ran++;
      } catch (CircuitBreakerOpenException e) {
        // refused trial
      }
    }
    assertThat(ran).isBetween(1, 99); // a 2^-99 chance of failing
  }

  @Test
  @DisplayName("half-open: a failing trial call opens the breaker again")
  void trialFails() {
    CircuitBreakerSite<String> cb = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(50)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofMillis(20)).halfOpenTtl(Duration.ofMillis(100)).minCalls(0)
        .random(new Alternating()).build();
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class);
    advance(Duration.ofMillis(21));
    assertThatThrownBy(() -> cb.call(KEY, this::ok)).isInstanceOf(CircuitBreakerOpenException.class); // refused trial
    assertThatThrownBy(() -> cb.call(KEY, this::fail)).isInstanceOf(CustomError.class); // a trial that fails
    assertThat(cache.exists(KEY + ":open")).isTrue();
    assertThatThrownBy(() -> cb.call(KEY, this::ok)).isInstanceOf(CircuitBreakerOpenException.class)
        .hasMessageNotContaining("half-open");
  }

  @Test
  @DisplayName("only the listed exceptions are failures; none listed: the cache's defaultFailExceptions()")
  void exceptions() {
    CircuitBreakerSite<String> listed = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(1)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(5)).exception(IOException.class).build();
    IllegalStateException other = new IllegalStateException("not listed");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> listed.call(KEY, () -> {
        throw other;
      })).isSameAs(other);
    }
    assertThat(cache.exists(KEY + ":open")).isFalse();
    assertThatThrownBy(() -> listed.call(KEY, () -> {
      throw new IOException("listed");
    })).isInstanceOf(IOException.class);
    assertThat(cache.exists(KEY + ":open")).as("1 of 4 = 25% >= 1%").isTrue();

    cache.setDefaultFailExceptions(List.of(IOException.class));
    CircuitBreakerSite<String> defaults = CircuitBreakerSite.<String>builder(cache, "Svc.other").errorsRate(1)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> defaults.call("cb:other", () -> {
      throw other;
    })).isSameAs(other);
    assertThat(cache.exists("cb:other:open")).isFalse();
    AssertionError error = new AssertionError("an Error");
    cache.setDefaultFailExceptions(List.of(Throwable.class));
    assertThatThrownBy(() -> defaults.call("cb:other", () -> {
      throw error;
    })).isSameAs(error);
    assertThat(cache.exists("cb:other:open")).isTrue();
  }

  @Test
  @DisplayName("cb-06: errorsRate must be more than 0 and less than 100; the builder names the site")
  void builder() {
    assertThatThrownBy(() -> CircuitBreakerSite.builder(cache, "Svc.quote").errorsRate(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Svc.quote: errorsRate must be more than 0 and less than 100, was 100");
    assertThatThrownBy(() -> CircuitBreakerSite.builder(cache, "Svc.quote").errorsRate(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CircuitBreakerSite.builder(cache, "Svc.quote").minCalls(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CircuitBreakerSite.builder(cache, "Svc.quote").errorsRate(5).period(Duration.ofSeconds(1)).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("needs a ttl");
  }

  @Test
  @DisplayName("as an inner step, a served result stays reported as served")
  void served() {
    CircuitBreakerSite<String> cb = CircuitBreakerSite.<String>builder(cache, "Svc.quote").errorsRate(5)
        .period(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(1)).inner().build();
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.x").ttl(Duration.ofMinutes(1)).inner().build();
    cache.set("v", "stored");
    Served.take();
    assertThat(cb.call(KEY, () -> cached.call("v", () -> "fresh"))).isEqualTo("stored");
    assertThat(Served.take()).isTrue();
    CompletableFuture<String> async = cb.callAsync(KEY, () -> cached.callAsync("v", () -> CompletableFuture.completedFuture("x")));
    assertThat(async).isCompletedWithValue("stored");
    assertThat(Served.from(async)).isTrue();
  }
}
