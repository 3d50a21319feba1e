package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** @CacheTransaction on generated methods: commit on return, rollback on an exception, sync and async. */
@DisplayName("@CacheTransaction through generated classes")
class CacheTransactionTest {
  private final Cache cache = Cache.create().setup("mem://");
  private final AtomicInteger quotes = new AtomicInteger();
  private volatile boolean fail;
  private volatile CompletableFuture<String> pending;

  private final Checkout checkout = new CheckoutCached(new Checkout() {
    @Override
    public String place(String order) {
      cache.set("order:" + order, "placed");
      cache.incr("orders");
      if (fail) {
        throw new IllegalStateException("payment refused");
      }
      return "ok " + order;
    }

    @Override
    public void cancel(String order) {
      cache.delete("order:" + order);
      if (fail) {
        throw new IllegalStateException("too late");
      }
    }

    @Override
    public CompletableFuture<String> placeAsync(String order) {
      cache.set("order:" + order, "placed");
      return pending;
    }

    @Override
    public String quote(String order) {
      quotes.incrementAndGet();
      cache.set("quoted:" + order, "yes");
      if (fail) {
        throw new IllegalStateException("no quote");
      }
      return "quote " + order;
    }
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("a method that returns commits its cache writes; one that throws rolls them back")
  void commitOrRollback() {
    assertThat(checkout.place("1")).isEqualTo("ok 1");
    assertThat((Object) cache.get("order:1")).isEqualTo("placed");
    fail = true;
    assertThatThrownBy(() -> checkout.place("2")).hasMessage("payment refused");
    assertThat((Object) cache.get("order:2")).isNull();
    assertThat(cache.incr("orders", 0)).isEqualTo(1);
  }

  @Test
  @DisplayName("a void SERIALIZABLE method: its delete commits, or not")
  void voidMethod() {
    cache.set("order:3", "placed");
    fail = true;
    assertThatThrownBy(() -> checkout.cancel("3")).hasMessage("too late");
    assertThat((Object) cache.get("order:3")).isEqualTo("placed");
    fail = false;
    checkout.cancel("3");
    assertThat((Object) cache.get("order:3")).isNull();
  }

  @Test
  @DisplayName("async: the writes made while the method runs commit when its future completes, or roll back when it fails")
  void async() {
    pending = new CompletableFuture<>();
    CompletableFuture<String> placed = checkout.placeAsync("4");
    cache.set("after", "outside"); // the transaction left this thread when the method returned
    assertThat(CompletableFuture.supplyAsync(() -> (Object) cache.get("order:4")).join()).isNull();
    pending.complete("done");
    assertThat(placed.join()).isEqualTo("done");
    assertThat((Object) cache.get("order:4")).isEqualTo("placed");
    assertThat((Object) cache.get("after")).isEqualTo("outside");

    pending = new CompletableFuture<>();
    CompletableFuture<String> failed = checkout.placeAsync("5");
    pending.completeExceptionally(new IllegalStateException("declined"));
    assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("declined");
    assertThat((Object) cache.get("order:5")).isNull();
  }

  @Test
  @DisplayName("@CacheTransaction over @Cached: the cached result and the method's writes commit together, or neither does")
  void overCached() {
    fail = true;
    assertThatThrownBy(() -> checkout.quote("6")).hasMessage("no quote");
    assertThat((Object) cache.get("quoted:6")).isNull();
    fail = false;
    assertThat(checkout.quote("6")).isEqualTo("quote 6");
    assertThat(checkout.quote("6")).isEqualTo("quote 6");
    assertThat(quotes).hasValue(2);
    assertThat((Object) cache.get("quote:6")).isEqualTo("quote 6");
    assertThat((Object) cache.get("quoted:6")).isEqualTo("yes");
    assertThat(cache.getExpire("quote:6")).isBetween(50L, 60L);
    assertThat(Duration.ofSeconds(cache.getExpire("quote:6"))).isPositive();
  }
}
