package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.Command;
import dev.kaju.KeyContext;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import dev.kaju.contract.FakeTicker;
import dev.kaju.support.CachedSite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10 (hardening): colliding default keys, hostile stored values, and generated-code failure paths. */
@DisplayName("issue 10: generated code against colliding keys and hostile values")
class Issue10Test {
  private final FakeTicker ticker = new FakeTicker();
  private final AtomicBoolean failSets = new AtomicBoolean();
  private final Middleware failingSet = (call, chain) -> {
    if (call instanceof Command.Set && failSets.get()) {
      throw new CacheBackendException("SET refused by the test");
    }
    return chain.proceed(call);
  };
  private final Cache cache =
      Cache.create().setup("mem://", Settings.builder().ticker(ticker).middlewares(failingSet).build());
  private final CountingShop real = new CountingShop();
  private final Shop shop = new ShopCached(real, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  private List<String> keys() {
    return cache.scan("*").sorted().toList();
  }

  // ---- the default key is injective ----

  @Test
  @DisplayName("pair(\"x:b:y\", \"z\") and pair(\"x\", \"y:b:z\") no longer share a key (they returned each other's results)")
  void colonsInValues() {
    assertThat(shop.pair("x:b:y", "z")).isEqualTo("pair#1(x:b:y,z)");
    assertThat(shop.pair("x", "y:b:z")).isEqualTo("pair#2(x,y:b:z)");
    assertThat(keys()).containsExactly(
        "dev.kaju.samples.behaviour.Shop.pair:a:x%3Ab%3Ay:b:z", "dev.kaju.samples.behaviour.Shop.pair:a:x:b:y%3Ab%3Az");
  }

  @Test
  @DisplayName("one(null) and one(\"\") no longer share a key")
  void nullAgainstEmpty() {
    assertThat(shop.one(null)).isEqualTo("one#1(null)");
    assertThat(shop.one("")).isEqualTo("one#2()");
    assertThat(shop.one("%null")).isEqualTo("one#3(%null)");
    assertThat(keys()).containsExactly(
        "dev.kaju.samples.behaviour.Shop.one:a:", "dev.kaju.samples.behaviour.Shop.one:a:%25null",
        "dev.kaju.samples.behaviour.Shop.one:a:%null");
  }

  @Test
  @DisplayName("Optional.empty(), Optional.of(\"\") and null no longer share a key")
  void optionals() {
    shop.maybe(Optional.empty());
    shop.maybe(Optional.of(""));
    shop.maybe(null);
    assertThat(real.calls("maybe")).isEqualTo(3);
  }

  @Test
  @DisplayName("byte[] \"ab\" and {0xAB} no longer share a key")
  void bytesAgainstText() {
    shop.bytes("ab".getBytes(StandardCharsets.UTF_8));
    shop.bytes(new byte[] {(byte) 0xAB});
    assertThat(real.calls("bytes")).isEqualTo(2);
    assertThat(keys()).containsExactly(
        "dev.kaju.samples.behaviour.Shop.bytes:a:%x6162", "dev.kaju.samples.behaviour.Shop.bytes:a:%xab");
  }

  @Test
  @DisplayName("lists: [], [\"\"], [\"a,b\"] and [\"a\", \"b\"] each get their own key")
  void lists() {
    shop.items(List.of());
    shop.items(List.of(""));
    shop.items(List.of("a,b"));
    shop.items(List.of("a", "b"));
    shop.items(Arrays.asList("a", null));
    assertThat(real.calls("items")).isEqualTo(5);
    assertThat(keys()).contains("dev.kaju.samples.behaviour.Shop.items:a:[]", "dev.kaju.samples.behaviour.Shop.items:a:[%-]",
        "dev.kaju.samples.behaviour.Shop.items:a:[a%2Cb]", "dev.kaju.samples.behaviour.Shop.items:a:[a,b]",
        "dev.kaju.samples.behaviour.Shop.items:a:[a,%null]");
  }

  @Test
  @DisplayName("a char ':' is escaped like text")
  void chars() {
    shop.letter(':');
    assertThat(keys()).containsExactly("dev.kaju.samples.behaviour.Shop.letter:a:%3A");
  }

  // ---- KeyContext ----

  @Test
  @DisplayName("{@:get(name)} with nothing set fails naming the name, instead of rendering \"\" for every caller")
  void missingContext() {
    assertThatThrownBy(() -> shop.context(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Shop.context")
        .hasMessageContaining("'client_id'")
        .hasMessageContaining("KeyContext.with(\"client_id\"");
    assertThat(real.calls("context")).isZero();
    try (KeyContext.Scope s = KeyContext.with("client_id", null)) { // set to null on purpose: renders ""
      shop.context(1);
    }
    assertThat(keys()).containsExactly("ctx::1");
  }

  // ---- values of another type ----

  @Test
  @DisplayName("a Long under a String method's key is a miss, not a ClassCastException")
  void wrongTypeSync() {
    cache.set("short:1", 5L);
    assertThat(shop.shortLived(1)).isEqualTo("shortLived#1");
    assertThat(shop.shortLived(1)).isEqualTo("shortLived#1"); // the recomputed value replaced it
    cache.set("prim:3", "text");
    assertThat(shop.primitive(3)).isEqualTo(3000L);
    cache.set("list:1", "not a list");
    assertThat(shop.list(1)).containsExactly("a");
    assertThat(real.calls("shortLived") + real.calls("primitive") + real.calls("list")).isEqualTo(3);
  }

  @Test
  @DisplayName("a value of another type under an async method's key is a miss, not a failed future")
  void wrongTypeAsync() {
    cache.set("async:1", 42L);
    assertThat(shop.async(1)).isCompletedWithValue("async#1");
    assertThat(real.calls("async")).isEqualTo(1);
  }

  @Test
  @DisplayName("a cached exception whose type is not listed in cacheExceptions is a miss, not an IllegalStateException")
  void unlistedException() {
    cache.set("exc:ok", new CachedSite.CachedFailure("java.lang.IllegalStateException", "planted"));
    assertThat(shop.withExceptions("ok")).isEqualTo("ok");
    assertThat(real.calls("withExceptions")).isEqualTo(1);
  }

  // ---- failure paths ----

  @Test
  @DisplayName("a delegate returning a null CompletionStage fails that call with an NPE naming the method, and the key is not left in flight")
  void nullStage() throws Exception {
    CompletableFuture<String> first = shop.nullStage(1).toCompletableFuture();
    assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(NullPointerException.class)
        .hasMessageContaining("Shop.nullStage returned a null CompletionStage");
    CompletableFuture<String> second = shop.nullStage(1).toCompletableFuture();
    assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(NullPointerException.class);
    assertThat(real.calls("nullStage")).isEqualTo(2);
  }

  @Test
  @DisplayName("a store that fails after the delegate succeeded still returns the result, sync as async")
  void storeFailureKeepsResult() {
    failSets.set(true);
    assertThat(shop.shortLived(7)).isEqualTo("shortLived#1");
    assertThat(shop.async(7)).isCompletedWithValue("async#7");
    assertThat(shop.locked(7)).isEqualTo("locked#1");
    assertThatThrownBy(() -> shop.withExceptions("custom")).isInstanceOf(Shop.CustomError.class); // the call's own error
    failSets.set(false);
    assertThat(shop.shortLived(7)).isEqualTo("shortLived#2"); // nothing was stored
  }

  @Test
  @DisplayName("a counter read without a signature (UnsignedCounter) is a Long for get, a miss for generated methods")
  void unsignedCounter() {
    List<String> seen = new ArrayList<>();
    Middleware counterReader = (call, chain) -> {
      if (call instanceof Command.Get get) {
        seen.add(get.key());
        return new dev.kaju.spi.UnsignedCounter(5);
      }
      return chain.proceed(call);
    };
    try (Cache c = Cache.create().setup("mem://", Settings.builder().middlewares(counterReader).build())) {
      assertThat((Object) c.get("prim:3")).isEqualTo(5L);
      Shop s = new ShopCached(real, c);
      assertThat(s.primitive(3)).isEqualTo(3000L);
      assertThat(real.calls("primitive")).isEqualTo(1);
    }
  }
}
