package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Settings;
import dev.kaju.contract.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' failover (fail-01..05) and its stacking with @Cached (cache-08/09), through FlakyCached on memory. */
@DisplayName("@Failover, alone and stacked with @Cached")
class FailoverTest {
  private final FakeTicker ticker = new FakeTicker();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(ticker).build());
  private final ScriptedFlaky real = new ScriptedFlaky();
  private final Flaky flaky = new FlakyCached(real, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("fail-01/02: each success is stored and the method always runs; a listed exception returns the last good result until its TTL passes")
  void simple() {
    assertThat(flaky.simple("ok")).isEqualTo("ok");
    assertThat(cache.<String>get("fail")).isEqualTo("ok");
    assertThat(cache.getExpire("fail")).isEqualTo(60);
    real.failWith = new Flaky.CustomError("down");
    assertThat(flaky.simple("notok")).isEqualTo("ok");
    assertThat(real.calls).hasValue(2); // the method ran first
    ticker.advance(Duration.ofSeconds(121));
    assertThatThrownBy(() -> flaky.simple("notok")).isSameAs(real.failWith);
  }

  @Test
  @DisplayName("fail-01: an exception not listed propagates, even with a stored result")
  void notListed() {
    flaky.simple("ok");
    IllegalStateException boom = new IllegalStateException("boom");
    real.failWith = boom;
    assertThatThrownBy(() -> flaky.simple("x")).isSameAs(boom);
  }

  @Test
  @DisplayName("fail-03: a result preset under the failover key is the fallback")
  void preset() {
    cache.set("fail", "test_fail");
    real.failWith = new Flaky.CustomError("down");
    assertThat(flaky.simple("x")).isEqualTo("test_fail");
  }

  @Test
  @DisplayName("fail-05: with no exceptions listed, every Exception falls back (the cache's default), an Error never")
  void defaultExceptions() {
    assertThat(flaky.defaults("paris")).isEqualTo("paris");
    assertThat(cache.scan("*").toList()).containsExactly("fail:dev.kaju.samples.behaviour.Flaky.defaults:city:paris");
    real.failWith = new IllegalStateException("state");
    assertThat(flaky.defaults("paris")).isEqualTo("paris");
    real.failWith = new AssertionError("error");
    assertThatThrownBy(() -> flaky.defaults("paris")).isSameAs(real.failWith);
  }

  @Test
  @DisplayName("fail-05: setDefaultFailExceptions changes what methods without their own list fall back on")
  void changedDefaults() {
    flaky.defaults("paris");
    cache.setDefaultFailExceptions(List.of(IOException.class));
    real.failWith = new IllegalStateException("state");
    assertThatThrownBy(() -> flaky.defaults("paris")).isSameAs(real.failWith);
    real.failWith = new IOException("io");
    assertThat(flaky.defaults("paris")).isEqualTo("paris");
    assertThatThrownBy(() -> cache.setDefaultFailExceptions(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("fail-05: with nothing stored the original exception propagates, checked ones as declared")
  void nothingStored() throws IOException {
    IOException io = new IOException("io");
    real.failWith = io;
    assertThatThrownBy(() -> flaky.io("rome")).isSameAs(io);
    real.failWith = null;
    assertThat(flaky.io("rome")).isEqualTo("rome");
    real.failWith = io;
    assertThat(flaky.io("rome")).isEqualTo("rome");
  }

  @Test
  @DisplayName("fail-04: a result an inner @Cached served from the store is returned, and the failover stores nothing")
  void innerHitNotStored() {
    cache.set("key", "val");
    assertThat(flaky.over("fresh")).isEqualTo("val");
    assertThat(real.calls).hasValue(0);
    assertThat(cache.<String>get("fail")).isNull();
    cache.delete("key");
    assertThat(flaky.over("fresh")).isEqualTo("fresh");
    assertThat(cache.<String>get("fail")).isEqualTo("fresh");
    assertThat(cache.<String>get("key")).isEqualTo("fresh");
  }

  @Test
  @DisplayName("cache-09: @Cached over @Failover stores nothing when the failover served its fallback")
  void fallbackNotCached() {
    cache.set("fail", "test_fail");
    real.failWith = new IllegalStateException("down");
    assertThat(flaky.under("x")).isEqualTo("test_fail");
    assertThat(cache.<String>get("key")).isNull();
    cache.delete("fail");
    cache.set("key", "val");
    assertThat(flaky.under("x")).isEqualTo("val");
    real.failWith = null;
    cache.delete("key");
    assertThat(flaky.under("x")).isEqualTo("x");
    assertThat(cache.<String>get("key")).isEqualTo("x");
    assertThat(cache.<String>get("fail")).isEqualTo("x");
  }

  @Test
  @DisplayName("a value of another type under the failover key is never returned: the method's exception propagates")
  void wrongType() {
    cache.set("fail:dev.kaju.samples.behaviour.Flaky.list:a:x", 42);
    real.failWith = new IllegalStateException("down");
    assertThatThrownBy(() -> flaky.list("x")).isSameAs(real.failWith);
    real.failWith = null;
    assertThat(flaky.list("x")).containsExactly("x");
    real.failWith = new IllegalStateException("down");
    assertThat(flaky.list("x")).containsExactly("x");
  }

  @Test
  @DisplayName("a stored null is a good result and is served as the fallback")
  void storedNull() {
    cache.set("fail", null);
    real.failWith = new Flaky.CustomError("down");
    assertThat(flaky.simple("x")).isNull();
  }

  @Test
  @DisplayName("detect reports the failover's lookup with its strategy and TTL")
  void detect() {
    flaky.simple("ok");
    real.failWith = new Flaky.CustomError("down");
    try (Detect d = cache.detect()) {
      flaky.simple("x");
      assertThat(d.calls().get("fail"))
          .anyMatch(c -> c.command() == Command.GET && c.hit() && "failover".equals(c.strategy())
              && Duration.ofMinutes(1).equals(c.ttl()));
    }
  }

  // ---- futures ----

  @Test
  @DisplayName("async fail-01: a failed future is answered with the last good result; without one it fails as the method's")
  void async() throws Exception {
    assertThat(flaky.async("a").get()).isEqualTo("a");
    Flaky.CustomError down = new Flaky.CustomError("down");
    real.failWith = down;
    assertThat(flaky.async("a").get()).isEqualTo("a");
    CompletableFuture<String> none = flaky.async("b");
    assertThatThrownBy(none::get).isInstanceOf(ExecutionException.class).cause().isSameAs(down);
  }

  @Test
  @DisplayName("async fail-04: an inner @Cached hit is not stored by the failover")
  void asyncInnerHit() throws Exception {
    cache.set("akey", "val");
    assertThat(flaky.asyncOver("fresh").toCompletableFuture().get()).isEqualTo("val");
    assertThat(cache.<String>get("afail")).isNull();
    cache.delete("akey");
    assertThat(flaky.asyncOver("fresh").toCompletableFuture().get()).isEqualTo("fresh");
    assertThat(cache.<String>get("afail")).isEqualTo("fresh");
  }

  @Test
  @DisplayName("async cache-09: @Cached over @Failover does not cache the fallback")
  void asyncFallbackNotCached() throws Exception {
    cache.set("afail", "test_fail");
    real.failWith = new IllegalStateException("down");
    assertThat(flaky.asyncUnder("x").get()).isEqualTo("test_fail");
    assertThat(cache.<String>get("akey")).isNull();
    real.failWith = null;
    assertThat(flaky.asyncUnder("x").get()).isEqualTo("x");
    assertThat(cache.<String>get("akey")).isEqualTo("x");
  }
}
