package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Command;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' dual_bloom through generated code. */
@DisplayName("@Bloom(dual = true)")
class DualBloomTest {
  private final Cache cache = Cache.create().setup("mem://");
  private final AtomicInteger calls = new AtomicInteger();
  private final Evens evens = new EvensCached(new Evens() {
    @Override
    public boolean even(int k) {
      calls.incrementAndGet();
      return k % 2 == 0;
    }

    @Override
    public CompletionStage<Boolean> evenLater(int k) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> k % 2 == 0);
    }

    @Override
    public void markEven(int k) {}
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("bloom-03: 0..98 calls 99 times, again 0 times with the same answers; 100 calls once")
  void bloom03() {
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < 99; k++) {
        assertThat(evens.even(k)).as("even(%s)", k).isEqualTo(k % 2 == 0);
      }
      assertThat(calls).hasValue(99);
    }
    assertThat(evens.even(100)).isTrue();
    assertThat(calls).hasValue(100);
    assertThat(cache.exists("dual_bloom:Evens.even:959:true")).isTrue();
    assertThat(cache.exists("dual_bloom:Evens.even:959:false")).isTrue();
  }

  @Test
  @DisplayName("bloom-03 async: a CompletionStage<Boolean> method learns and answers the same way")
  void bloom03Async() throws Exception {
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < 99; k++) {
        assertThat(evens.evenLater(k).toCompletableFuture().get()).as("evenLater(%s)", k).isEqualTo(k % 2 == 0);
      }
      assertThat(calls).hasValue(99);
    }
    assertThat(evens.evenLater(100).toCompletableFuture().get()).isTrue();
    assertThat(calls).hasValue(100);
    assertThat(cache.exists("dual_bloom:Evens.evenLater:959:true")).isTrue();
  }

  @Test
  @DisplayName("@Bloom.Add joins the true filter: an unseen member answers true at once; one answered false makes the method decide again")
  void add() {
    evens.markEven(200);
    assertThat(evens.even(200)).isTrue();
    assertThat(calls).hasValue(0);
    assertThat(evens.even(201)).isFalse(); // recorded in the false filter
    evens.markEven(201); // now in both
    assertThat(evens.even(201)).isFalse();
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("bloom-07: with GET_BITS/INCR_BITS disabled the method always runs and nothing is recorded")
  void disabled() throws Exception {
    cache.disable(Command.GET_BITS, Command.INCR_BITS);
    for (int i = 0; i < 2; i++) {
      assertThat(evens.even(4)).isTrue();
      assertThat(evens.evenLater(5).toCompletableFuture().get()).isFalse();
    }
    assertThat(calls).hasValue(4);
    cache.enable();
    assertThat(cache.exists("dual_bloom:Evens.even:959:true")).isFalse();
    assertThat(cache.exists("dual_bloom:Evens.evenLater:959:false")).isFalse();
  }
}
