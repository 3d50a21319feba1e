package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.support.CachedSite;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' invalidate_further (inv-05..08). */
class InvalidateFurtherTest {
  private final Cache cache = Cache.create().setup("mem://");

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("inv-06: inside the scope get deletes and returns null; set still writes; afterwards reads are normal")
  void get() {
    cache.set("key", "value");
    try (var s = Kaju.invalidateFurther()) {
      assertThat(cache.<String>get("key")).isNull();
      assertThat(cache.<String>get("key", "default")).isEqualTo("default");
      assertThat(cache.set("key2", "value2")).isTrue();
    }
    assertThat(cache.exists("key")).isFalse();
    assertThat(cache.<String>get("key2")).isEqualTo("value2");
  }

  @Test
  @DisplayName("inv-07/08: getMany deletes and answers nulls, getMatch deletes and yields nothing")
  void manyAndMatch() {
    cache.set("key", "value");
    cache.set("key1", "v1");
    cache.set("key2", "value2");
    try (var s = Kaju.invalidateFurther()) {
      assertThat(cache.getMany("key")).containsExactly((Object) null);
      assertThat(cache.getMatch("key1*").count()).isZero();
    }
    assertThat(cache.getMany("key", "key2")).containsExactly(null, "value2");
    Map<String, Object> left = cache.getMatch("key*").collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(left).containsExactly(Map.entry("key2", "value2"));
  }

  @Test
  @DisplayName("inv-05: a cached method called in the scope recomputes and stores its new result, sync and async")
  void cachedMethods() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CachedSite<String> site = CachedSite.<String>builder(cache, "T.m").type(String.class).build();
    CachedSite.Loader<String> loader = () -> "v" + calls.incrementAndGet();
    assertThat(site.call("k", loader)).isEqualTo("v1");
    assertThat(site.call("k", loader)).isEqualTo("v1");
    try (var s = Kaju.invalidateFurther()) {
      assertThat(site.call("k", loader)).isEqualTo("v2");
      assertThat(site.callAsync("k", () -> CompletableFuture.completedFuture("v" + calls.incrementAndGet())).get())
          .isEqualTo("v3");
    }
    assertThat(site.call("k", loader)).isEqualTo("v3");
  }

  @Test
  @DisplayName("the scope is the opening thread's: another thread reads normally, and closing elsewhere is refused")
  void threadBound() throws Exception {
    cache.set("key", "value");
    try (var s = Kaju.invalidateFurther()) {
      assertThat(CompletableFuture.supplyAsync(() -> cache.<String>get("key")).get()).isEqualTo("value");
      assertThatThrownBy(() -> CompletableFuture.runAsync(s::close).join()).hasCauseInstanceOf(IllegalStateException.class);
    }
    assertThat(cache.<String>get("key")).isEqualTo("value");
    assertThat(Arrays.asList(cache.getMany("key").toArray())).containsExactly("value");
  }
}
