package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' invalidate (inv-01..04) through the generated InventoryCached, on memory. */
@DisplayName("@Invalidate")
class InvalidateTest {
  private final Cache cache = Cache.create().setup("mem://");
  private final AtomicInteger calls = new AtomicInteger();
  private final Inventory inventory = new InventoryCached(new Inventory() {
    @Override
    public String item(String id) {
      return id + "#" + calls.incrementAndGet();
    }

    @Override
    public String hashed(String id) {
      return id + "#" + calls.incrementAndGet();
    }

    @Override
    public void update(String id) {}

    @Override
    public String updateHashed(String id) {
      return "updated " + id;
    }

    @Override
    public void dropPrefix(String prefix) {}

    @Override
    public CompletableFuture<String> updateAsync(String id) {
      return CompletableFuture.completedFuture("updated " + id);
    }

    @Override
    public String tagged(int a, int b) {
      return a + "+" + b + "#" + calls.incrementAndGet();
    }

    @Override
    public CompletableFuture<String> taggedAsync(int a) {
      return CompletableFuture.completedFuture(a + "#" + calls.incrementAndGet());
    }

    @Override
    public void failing(String id) {
      throw new IllegalStateException("no");
    }
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("inv-01: after a void method returns, the cached method recomputes")
  void afterCall() {
    assertThat(inventory.item("test")).isEqualTo("test#1");
    assertThat(inventory.item("test")).isEqualTo("test#1");
    assertThat(inventory.item("other")).isEqualTo("other#2");
    inventory.update("test");
    assertThat(inventory.item("test")).isEqualTo("test#3");
    assertThat(inventory.item("other")).isEqualTo("other#2");
  }

  @Test
  @DisplayName("inv-03: a template with a formatter renders the same key as the cached method's; the result passes through")
  void formatter() {
    assertThat(inventory.hashed("x")).isEqualTo("x#1");
    assertThat(inventory.updateHashed("x")).isEqualTo("updated x");
    assertThat(inventory.hashed("x")).isEqualTo("x#2");
  }

  @Test
  @DisplayName("inv-04: the template's * is a wildcard; a * in an argument matches only itself")
  void escapedArguments() {
    inventory.item("a1");
    inventory.item("a2");
    inventory.item("b1");
    inventory.item("*");
    inventory.dropPrefix("*"); // only keys starting with "item:*"
    assertThat(cache.scan("item:*").sorted().toList()).containsExactly("item:a1", "item:a2", "item:b1");
    inventory.dropPrefix("a");
    assertThat(cache.scan("item:*").sorted().toList()).containsExactly("item:b1");
    inventory.item("*");
    inventory.update("*"); // one exact key, not a pattern
    assertThat(cache.scan("item:*").sorted().toList()).containsExactly("item:b1");
  }

  @Test
  @DisplayName("a method that throws invalidates nothing")
  void throwsNothingInvalidated() {
    inventory.item("k");
    assertThatThrownBy(() -> inventory.failing("k")).isInstanceOf(IllegalStateException.class);
    assertThat(cache.exists("item:k")).isTrue();
  }

  @Test
  @DisplayName("an async method invalidates every pattern once its future completes, then completes with its result")
  void async() throws Exception {
    inventory.item("z");
    inventory.hashed("z");
    assertThat(inventory.updateAsync("z").get()).isEqualTo("updated z");
    assertThat(cache.scan("*").toList()).isEmpty();
  }

  @Test
  @DisplayName("tag-12: deleteTags(\"tag:1\") recomputes f(1) only; deleteTags(\"all\") every tagged call, sync and async")
  void tags() throws Exception {
    assertThat(inventory.tagged(1, 2)).isEqualTo("1+2#1");
    assertThat(inventory.tagged(2, 2)).isEqualTo("2+2#2");
    assertThat(inventory.taggedAsync(5).get()).isEqualTo("5#3");
    cache.deleteTags("tag:1");
    assertThat(inventory.tagged(1, 2)).isEqualTo("1+2#4");
    assertThat(inventory.tagged(2, 2)).isEqualTo("2+2#2");
    assertThat(inventory.taggedAsync(5).get()).isEqualTo("5#3");
    cache.deleteTags("all");
    assertThat(inventory.tagged(2, 2)).isEqualTo("2+2#5");
    assertThat(inventory.taggedAsync(5).get()).isEqualTo("5#6");
  }
}
