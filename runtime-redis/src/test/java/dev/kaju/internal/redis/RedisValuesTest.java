package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What Redis holds: signed values, tampering, Java serialization behind its filter, bit arrays. */
class RedisValuesTest {
  private static RedisServer server;
  private static RawRedis raw;
  private Cache cache;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    raw = new RawRedis(server);
  }

  @AfterAll
  static void stopRedis() {
    raw.close();
    server.close();
  }

  @AfterEach
  void closeCache() {
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Test
  @DisplayName("with a secret, values and set Longs are stored signed; counters made by incr stay plain digits for INCRBY")
  void signedLayout() {
    cache = Cache.create().setup(server.url() + "?secret=s3cret&suppress=false");
    cache.set("k", "value");
    cache.set("n", 41L);
    assertThat(new String(raw.get("k"), StandardCharsets.ISO_8859_1)).startsWith("sha256:");
    // issue 10: a Long that is set is signed like any value, so planted digits cannot pose as one
    assertThat(new String(raw.get("n"), StandardCharsets.ISO_8859_1)).startsWith("sha256:");
    assertThat((Object) cache.get("n")).isEqualTo(41L);
    assertThatThrownBy(() -> cache.incr("n")).isInstanceOf(IllegalStateException.class);
    // counters made by incr stay plain digits, so INCRBY works; get hands them back as a Long
    assertThat(cache.incr("c", 41)).isEqualTo(41);
    assertThat(raw.get("c")).isEqualTo("41".getBytes(StandardCharsets.US_ASCII));
    assertThat(cache.incr("c")).isEqualTo(42);
    assertThat((Object) cache.get("c")).isEqualTo(42L);
    assertThat((Object) cache.get("k")).isEqualTo("value");
  }

  @Test
  @DisplayName("a value tampered with in Redis, copied under another key or unsigned is a miss with a secret set")
  void tampered() {
    cache = Cache.create().setup(server.url() + "?secret=s3cret&suppress=false");
    cache.set("k", "value");
    byte[] stored = raw.get("k");

    byte[] flipped = stored.clone();
    flipped[flipped.length - 1] ^= 1;
    raw.set("k", flipped);
    assertThat((Object) cache.get("k")).isNull();

    raw.set("copy", stored);
    assertThat((Object) cache.get("copy")).isNull();

    Cache unsigned = Cache.create().setup(server.url() + "?suppress=false");
    try {
      unsigned.set("plain", "value");
    } finally {
      unsigned.close();
    }
    assertThat((Object) cache.get("plain")).isNull();
    assertThat(cache.getMany("k", "copy", "plain")).containsExactly(null, null, null);
  }

  @Test
  @DisplayName("serializer=java refuses a class outside java_allow before running any of its code")
  void javaFilter() throws Exception {
    cache = Cache.create().setup(server.url() + "?serializer=java&java_allow=java.util.*&java_unsigned_unsafe=true&suppress=false");
    List<String> list = new ArrayList<>(List.of("a", "b"));
    cache.set("list", list);
    assertThat((Object) cache.get("list")).isEqualTo(list);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0xF7); // the java payload marker
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(List.of(new Gadget("rm -rf /"))));
    }
    raw.set("evil", bytes.toByteArray());
    Gadget.ran = false;
    assertThat((Object) cache.get("evil")).isNull();
    assertThat(Gadget.ran).isFalse();
  }

  @Test
  @DisplayName("a bit array whose counters spell digits is still not a value (be-16)")
  void bitsThatLookLikeDigits() {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    // '1' is 0x31 = 00110001: set bits 2, 3 and 7 of the first counter byte
    cache.incrBits("bits", 1, 1, 2, 3, 7);
    byte[] stored = raw.get("bits");
    assertThat(Arrays.copyOfRange(stored, 8, 9)).isEqualTo("1".getBytes(StandardCharsets.US_ASCII));
    assertThat((Object) cache.get("bits")).isNull();
    assertThat((Object) cache.getRaw("bits")).isNull();
    assertThat(cache.getBits("bits", 1, 2, 3, 4, 7)).containsExactly(1, 1, 0, 1);
  }

  @Test
  @DisplayName("getBits on a plain value reads zeros; incrBits on it fails and leaves it")
  void bitsOnAValue() {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    cache.set("v", "text");
    assertThat(cache.getBits("v", 1, 0, 1)).containsExactly(0, 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.incrBits("v", 1, 1, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a bit array");
    assertThat((Object) cache.get("v")).isEqualTo("text");
  }

  @Test
  @DisplayName("sets and sliding windows refuse a plain value, and plain reads skip them")
  void wrongKinds() {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    cache.set("v", "text");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.setAdd("v", null, "a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'v'")
        .hasMessageContaining("not a set");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.sliceIncr("v", 0, 1, 10, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a sliding-window counter");
    cache.sliceIncr("w", 0, 1, 10, null);
    assertThat((Object) cache.get("w")).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.incr("w"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an integer counter");
  }

  @Test
  @DisplayName("the async view completes with the results of the Redis commands")
  void asyncView() throws Exception {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    Object value =
        cache.async()
            .set("a", "async")
            .thenCompose(ok -> cache.async().<String>get("a"))
            .toCompletableFuture()
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(value).isEqualTo("async");
    assertThat(cache.async().incr("c", 5).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(5);
  }
}
