package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The near cache's coherence rules, without a server: the races played in a fixed order. */
class NearCacheUnitTest {
  private final NearCache near =
      new NearCache(null, 100);

  @Test
  @DisplayName("nothing is served or kept before tracking is on")
  void notReady() {
    assertThat(near.serves("k")).isFalse();
    NearCache.Entry token = near.begin("k");
    near.complete("k", token, "v", -1);
    assertThat(near.hit("k")).isNull();
  }

  @Test
  @DisplayName("a read keeps its value, with the TTL Redis reported; a missing key is kept as missing")
  void keeps() {
    near.trackingOn();
    near.complete("k", near.begin("k"), "v", -1);
    assertThat(near.hit("k").value).isEqualTo("v");
    near.complete("gone", near.begin("gone"), null, -2);
    assertThat(near.hit("gone").value).isSameAs(NearCache.MISSING);
    near.complete("short", near.begin("short"), "v", 50);
    RedisServer.sleep(80);
    assertThat(near.hit("short")).isNull();
  }

  @Test
  @DisplayName("an invalidation that arrives while a read is in flight wins: the older value is not kept")
  void invalidationDuringRead() {
    near.trackingOn();
    NearCache.Entry token = near.begin("k");
    near.invalidate("k"); // the push for a write made after Redis answered the read
    near.complete("k", token, "old", -1);
    assertThat(near.hit("k")).isNull();
  }

  @Test
  @DisplayName("a disconnect while a read is in flight: the read keeps nothing, and nothing is served until tracking is back")
  void disconnectDuringRead() {
    near.trackingOn();
    near.complete("a", near.begin("a"), "v", -1);
    NearCache.Entry token = near.begin("k");
    near.suspend();
    assertThat(near.hit("a")).isNull();
    assertThat(near.serves("a")).isFalse();
    near.trackingOn(); // reconnected
    near.complete("k", token, "stale", -1);
    assertThat(near.hit("k")).isNull();
  }

  @Test
  @DisplayName("a value whose key expired between the two reads is not kept")
  void expiredBetweenReads() {
    near.trackingOn();
    near.complete("k", near.begin("k"), "v", -2);
    assertThat(near.hit("k")).isNull();
  }

  @Test
  @DisplayName("client_side_prefix: only keys under the prefix are served")
  void prefix() {
    NearCache scoped = new NearCache("user:", 100);
    scoped.trackingOn();
    assertThat(scoped.serves("user:1")).isTrue();
    assertThat(scoped.serves("order:1")).isFalse();
  }
}
