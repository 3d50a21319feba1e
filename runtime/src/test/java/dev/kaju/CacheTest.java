package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.contract.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cache facade: setup, prefixes, bad input")
class CacheTest {
  private final List<Cache> opened = new ArrayList<>();

  private Cache cache() {
    Cache c = Cache.create();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Cache::close);
  }

  @Test
  @DisplayName("setup returns the same instance so calls chain")
  void chaining() {
    Cache c = cache();
    assertThat(c.setup("mem://")).isSameAs(c);
    assertThat(c.setup("mem://?size=10", Settings.builder().prefix("p").build())).isSameAs(c);
  }

  @Test
  @DisplayName("multi-05: a command before setup says to call setup")
  void notSetUp() {
    assertThatThrownBy(() -> cache().get("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache.setup(");
  }

  @Test
  @DisplayName("multi-01: keys go to the backend of their prefix; getMany keeps the order asked")
  void prefixes() {
    Cache c = cache().setup("mem://").setup("mem://", Settings.builder().prefix("-").build());
    c.set("key", "value");
    c.set("-:key", "-value");
    assertThat(c.getMany("key", "-:key")).containsExactly("value", "-value");
    assertThat(c.getMany("-:key", "missing", "key")).containsExactly("-value", null, "value");
    assertThat(c.scan("*").toList()).containsExactly("key"); // patterns route by their own prefix
    assertThat(c.scan("-*").toList()).containsExactly("-:key");
    assertThat(c.getKeysCount()).isEqualTo(2);
    assertThat(c.deleteMany("key", "-:key")).isEqualTo(2);
  }

  @Test
  @DisplayName("multi-02: the longest matching prefix wins")
  void longestPrefix() {
    Cache c = cache()
        .setup("mem://")
        .setup("mem://", Settings.builder().prefix("user").build())
        .setup("mem://", Settings.builder().prefix("user:admin").build());
    c.set("user:admin:1", "a");
    c.set("user:2", "u");
    c.set("item:3", "i");
    c.disable(Command.GET);
    c.enable(Command.GET);
    assertThat(c.scan("user:admin*").toList()).containsExactly("user:admin:1");
    assertThat(c.scan("user*").toList()).containsExactly("user:2");
    assertThat(c.scan("*").toList()).containsExactly("item:3");
  }

  @Test
  @DisplayName("multi-03: a new prefix backend hides keys stored earlier in the default one")
  void prefixHides() {
    Cache c = cache().setup("mem://");
    c.set("-:key", "old");
    c.setup("mem://", Settings.builder().prefix("-").build());
    assertThat((Object) c.get("-:key")).isNull();
  }

  @Test
  @DisplayName("setup again for the same prefix replaces the backend")
  void replace() {
    Cache c = cache().setup("mem://");
    c.set("k", 1);
    c.setup("mem://?size=5");
    assertThat(c.exists("k")).isFalse();
  }

  @Test
  @DisplayName("a prefix backend alone serves only its keys and names the prefixes otherwise")
  void onlyPrefix() {
    Cache c = cache().setup("mem://", Settings.builder().prefix("user").build());
    c.set("user:1", 1);
    assertThatThrownBy(() -> c.get("item:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no backend for key 'item:1'")
        .hasMessageContaining("\"user\"");
  }

  @Test
  @DisplayName("url-01/dis-09: '://' and enable=false/disable=1 set a backend up disabled")
  void disabledAtSetup() {
    assertThat(cache().setup("://").isDisabled()).isTrue();
    Cache off = cache().setup("mem://localhost?disable=1");
    assertThat(off.isDisabled()).isTrue();
    off.set("k", 1);
    assertThat((Object) off.get("k")).isNull();
    assertThat(cache().setup("mem://localhost?enable=1").isDisabled()).isFalse();
    assertThat(cache().setup("mem://", Settings.builder().enable(false).build()).isDisabled(Command.GET)).isTrue();
  }

  @Test
  @DisplayName("dis-10: disable at setup applies to that prefix only")
  void disabledPrefix() {
    Cache c = cache().setup("mem://").setup("://", Settings.builder().prefix("-").build());
    assertThat(c.isDisabled()).isFalse();
    assertThat(c.isDisabled("-")).isTrue();
    c.set("-:key", "new");
    c.set("key", "v");
    assertThat((Object) c.get("-:key")).isNull();
    assertThat((Object) c.get("key")).isEqualTo("v");
    c.enable();
    assertThat(c.isDisabled("-")).isFalse();
    assertThat((Object) c.get("-:key")).isNull();
  }

  @Test
  @DisplayName("options: a bad URL, an unknown option and a bad value fail at setup, naming the culprit")
  void badSetup() {
    assertThatThrownBy(() -> cache().setup("localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed setup url 'localhost:6379'");
    assertThatThrownBy(() -> cache().setup("mem://?sise=10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'sise'")
        .hasMessageContaining("valid options: check_interval, disable, enable, size")
        .hasMessageContaining("did you mean 'size'?");
    assertThatThrownBy(() -> cache().setup("mem://?size=-3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, was -3");
    assertThatThrownBy(() -> cache().setup("mem://?check_interval=soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad value 'soon' for option check_interval");
    assertThatThrownBy(() -> cache().setup("redis://localhost:6379/0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add the artifact dev.kaju:kaju-runtime-redis");
    assertThatThrownBy(() -> cache().setup("disk://?directory=/tmp/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.kaju:kaju-runtime-chronicle");
    assertThatThrownBy(() -> cache().setup("memcached://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown backend scheme 'memcached'")
        .hasMessageContaining("known schemes:");
    assertThatThrownBy(() -> cache().setup(null)).isInstanceOf(NullPointerException.class).hasMessage("url");
  }

  @Test
  @DisplayName("Settings check each value when set, and clash with the URL instead of silently winning")
  void settings() {
    assertThatThrownBy(() -> Settings.builder().size(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be positive, was -3");
    assertThatThrownBy(() -> Settings.builder().option("nope", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'nope'; valid options:");
    assertThatThrownBy(() -> Settings.builder().checkInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check_interval");
    assertThatThrownBy(() -> cache().setup("mem://?size=10", Settings.builder().size(20).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option size is given both in the URL (10) and in Settings (20)");
    Cache c = cache().setup("mem://", Settings.builder().size(2).checkInterval(Duration.ZERO).build());
    c.set("a", 1);
    assertThat((Object) c.get("a")).isEqualTo(1);
  }

  @Test
  @DisplayName("bad input: null key, empty pattern, bad TTL text and non-positive TTLs")
  void badInput() {
    Cache c = cache().setup("mem://");
    assertThatThrownBy(() -> c.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> c.set(null, 1)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> c.getMany("a", null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> c.scan(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern is empty");
    assertThatThrownBy(() -> c.deleteMatch(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern is empty");
    assertThatThrownBy(() -> c.scan("a[b").toList())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed '['");
    assertThatThrownBy(() -> c.set("k", 1, "10x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl '10x' has wrong string representation");
    assertThatThrownBy(() -> c.set("k", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> c.expire("k", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> c.incrBits("b", 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size must be from 1 to 63, was 0");
    assertThatThrownBy(() -> c.setPop("s", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be positive");
    assertThatThrownBy(() -> c.sliceIncr("s", 5, 1, 10, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start 5 is after its end 1");
    assertThat(c.getKeysCount()).isZero();
  }

  @Test
  @DisplayName("Kaju.cache() is one shared instance; Kaju.ttl parses every TTL form")
  void kaju() {
    assertThat(Kaju.cache()).isSameAs(Kaju.cache());
    assertThat(Kaju.ttl("1d2h3m50s")).isEqualTo(Duration.ofSeconds(86_400 + 7_200 + 180 + 50));
    assertThat(Kaju.ttl("600")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Kaju.ttl("PT10M")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  @DisplayName("async: on memory a command completes before returning, with the same result")
  void asyncInline() throws Exception {
    Cache c = cache().setup("mem://");
    CompletableFuture<Boolean> set = c.async().set("k", "v", "10s").toCompletableFuture();
    assertThat(set).isCompletedWithValue(true);
    CompletableFuture<Object> get = c.async().get("k").toCompletableFuture();
    assertThat(get).isCompletedWithValue("v");
    assertThat(c.async().incr("n", 2).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(2L);
    assertThat(c.async().getMany("k", "x").toCompletableFuture().get()).containsExactly("v", null);
    assertThat(c.async().scan("*").toCompletableFuture().get()).containsExactlyInAnyOrder("k", "n");
    assertThat(c.async().sync()).isSameAs(c);
  }

  @Test
  @DisplayName("async: a failing command completes the stage exceptionally instead of throwing")
  void asyncFailure() {
    Cache c = cache().setup("mem://");
    c.set("s", "text");
    CompletableFuture<Long> incr = c.async().incr("s").toCompletableFuture();
    assertThat(incr).isCompletedExceptionally();
    assertThatThrownBy(incr::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("async: lock waits off the caller's thread and releases on close")
  void asyncLock() throws Exception {
    Cache c = cache().setup("mem://");
    try (Cache.Lock lock = c.async().lock("job", "10s").toCompletableFuture().get(5, TimeUnit.SECONDS)) {
      assertThat(c.isLocked("job")).isTrue();
      assertThat(lock.key()).isEqualTo("job");
    }
    assertThat(c.isLocked("job")).isFalse();
  }

  @Test
  @DisplayName("a callback list is thread-safe while commands run")
  void callbackConcurrency() throws Exception {
    Cache c = cache().setup("mem://", Settings.builder().ticker(new FakeTicker()).build());
    List<String> keys = new CopyOnWriteArrayList<>();
    try (Cache.Scope s = c.callback((cmd, key, result) -> keys.add(key), Command.SET)) {
      Thread t = new Thread(() -> c.set("other-thread", 1));
      t.start();
      t.join();
      c.set("this-thread", 1);
    }
    assertThat(keys).containsExactlyInAnyOrder("other-thread", "this-thread");
  }
}
