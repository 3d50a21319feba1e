package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' bloom (bloom-01..07) and its hashing (util-07/08). */
class BloomSiteTest {
  private final Cache cache = Cache.create().setup("mem://?size=100000");
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    cache.close();
  }

  private boolean function(int i) {
    calls.incrementAndGet();
    return i > 50;
  }

  @Test
  @DisplayName("bloom-04: m = ceil(-n ln p / ln^2 2), k = round(m/n ln 2)")
  void sizing() {
    assertThat(BloomSite.size(100, 0.01)).containsExactly(959, 7);
    assertThat(BloomSite.size(1_000_000, 0.01)).containsExactly(9585059, 7);
    assertThat(BloomSite.size(10, 0.01)).containsExactly(96, 7);
    assertThatThrownBy(() -> BloomSite.of(cache, "T.m", "bloom:T.m", 100, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BloomSite.of(cache, "T.m", "bloom:T.m", 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("util-07/08: k distinct indexes below m, deterministic and key-sensitive")
  void indexes() {
    assertThat(BloomSite.indexes("test", 3, 3)).hasSize(3).doesNotHaveDuplicates();
    assertThat(BloomSite.indexes("test", 77, 100)).hasSize(77).doesNotHaveDuplicates();
    assertThat(Arrays.stream(BloomSite.indexes("test", 77, 100)).allMatch(i -> i >= 0 && i < 100)).isTrue();
    assertThat(BloomSite.indexes("test", 5, 100)).containsExactly(BloomSite.indexes("test", 5, 100));
    Set<Long> test = new HashSet<>();
    Arrays.stream(BloomSite.indexes("test", 5, 100)).forEach(test::add);
    Set<Long> other = new HashSet<>();
    Arrays.stream(BloomSite.indexes("tset", 5, 100)).forEach(other::add);
    assertThat(test).isNotEqualTo(other);
    assertThat(BloomSite.indexes("anything", 4, 4)).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
  }

  @Test
  @DisplayName("bloom-01: members added when the adding call says true; unseen members answer false without a call")
  void simple() {
    BloomSite bloom = BloomSite.of(cache, "T.m", "bloom:name:{k}", 100, 1);
    for (int i = 0; i < 100; i++) {
      if (function(i)) { // what a @Bloom.Add method returning boolean does
        bloom.add("name:" + i);
      }
    }
    calls.set(0);
    for (int i = 0; i <= 50; i++) {
      int n = i;
      assertThat(bloom.call("name:" + i, () -> function(n))).isFalse();
    }
    assertThat(calls).as("unseen members never call the method").hasValue(0);
    for (int i = 51; i < 100; i++) {
      int n = i;
      assertThat(bloom.call("name:" + i, () -> function(n))).isTrue();
    }
    assertThat(calls).hasValue(49);
    assertThat(cache.exists("bloom:name:{k}:959")).isTrue();
  }

  @Test
  @DisplayName("the false-positive rate at capacity stays near the asked 1% (10,000 members, 100,000 strangers)")
  void falsePositiveRate() {
    BloomSite bloom = BloomSite.of(cache, "T.m", "bloom:T.m", 10_000, 1);
    for (int i = 0; i < 10_000; i++) {
      bloom.add("member:" + i);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(bloom.mightContain("member:" + i)).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      if (bloom.mightContain("stranger:" + i)) {
        falsePositives++;
      }
    }
    double rate = falsePositives / 100_000.0;
    assertThat(rate).as("measured false-positive rate %s", rate).isBetween(0.002, 0.015);
  }

  @Test
  @DisplayName("bloom-07: with the cache disabled nothing is added or read, and the method always runs")
  void disabled() throws Exception {
    BloomSite bloom = BloomSite.of(cache, "T.m", "bloom:T.m", 100, 1);
    cache.disable(Command.GET_BITS, Command.INCR_BITS);
    bloom.add("x");
    assertThat(bloom.call("y", () -> true)).isTrue();
    cache.enable();
    assertThat(bloom.mightContain("x")).isFalse();
    assertThat(bloom.call("y", () -> true)).isFalse();
    assertThat(bloom.callAsync("y", () -> CompletableFuture.completedFuture(true)).get()).isFalse();
    assertThat(bloom.addAfter(CompletableFuture.completedFuture(true), "y").get()).isTrue();
    assertThat(bloom.callAsync("y", () -> CompletableFuture.completedFuture(true)).get()).isTrue();
    assertThat(bloom.addAfter(CompletableFuture.completedFuture(false), "z").get()).isFalse();
    assertThat(bloom.mightContain("z")).isFalse();
  }

  // ---- dual (bloom-03, bloom-05) ----

  private boolean even(int i) {
    calls.incrementAndGet();
    return i % 2 == 0;
  }

  @Test
  @DisplayName("bloom-03: a first pass over 0..98 calls 99 times, a second answers from the filters with 0 calls, 100 calls once")
  void dual() {
    BloomSite bloom = BloomSite.dual(cache, "T.m", "dual_bloom:T.m", 100, 1);
    for (int i = 0; i < 99; i++) {
      int n = i;
      assertThat(bloom.call("name:" + i, () -> even(n))).isEqualTo(i % 2 == 0);
    }
    assertThat(calls).hasValue(99);
    calls.set(0);
    for (int i = 0; i < 99; i++) {
      int n = i;
      assertThat(bloom.call("name:" + i, () -> even(n))).as("name:%s", i).isEqualTo(i % 2 == 0);
    }
    assertThat(calls).as("answered from the filters").hasValue(0);
    assertThat(bloom.call("name:100", () -> even(100))).isTrue();
    assertThat(calls).hasValue(1);
    assertThat(bloom.call("name:100", () -> even(100))).isTrue();
    assertThat(calls).hasValue(1);
    // bloom-05, in Kaju's key form: <prefix>:<Interface.method>:<m>:true and :false
    assertThat(cache.exists("dual_bloom:T.m:959:true")).isTrue();
    assertThat(cache.exists("dual_bloom:T.m:959:false")).isTrue();
    assertThat(bloom).hasToString("BloomSite[T.m, dual, 959 bits, 7 hashes]");
  }

  @Test
  @DisplayName("bloom-03 async: the same passes through callAsync")
  void dualAsync() throws Exception {
    BloomSite bloom = BloomSite.dual(cache, "T.m", "dual_bloom:T.m", 100, 1);
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 99; i++) {
        int n = i;
        assertThat(bloom.callAsync("name:" + i, () -> CompletableFuture.completedFuture(even(n))).get()).isEqualTo(i % 2 == 0);
      }
      assertThat(calls).hasValue(99);
    }
    assertThat(bloom.callAsync("name:100", () -> CompletableFuture.completedFuture(even(100))).get()).isTrue();
    assertThat(calls).hasValue(100);
    assertThat(bloom.callAsync("x", () -> null)).failsWithin(java.time.Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("dual: a member in both filters runs the method every time; add() puts a member in the true filter")
  void dualBoth() {
    BloomSite bloom = BloomSite.dual(cache, "T.m", "dual_bloom:T.m", 100, 1);
    assertThat(bloom.call("m", () -> even(1))).isFalse(); // recorded false
    bloom.add("m"); // and now in the true filter too
    assertThat(bloom.call("m", () -> even(2))).isTrue();
    assertThat(bloom.call("m", () -> even(2))).isTrue();
    assertThat(calls).as("in both: the method decides each time").hasValue(3);
    bloom.add("fresh");
    assertThat(bloom.call("fresh", () -> even(1))).as("added: true without a call").isTrue();
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("bloom-07 dual: with GET_BITS/INCR_BITS disabled the method always runs and nothing is recorded")
  void dualDisabled() throws Exception {
    BloomSite bloom = BloomSite.dual(cache, "T.m", "dual_bloom:T.m", 100, 1);
    cache.disable(Command.GET_BITS, Command.INCR_BITS);
    assertThat(bloom.call("a", () -> even(2))).isTrue();
    assertThat(bloom.call("a", () -> even(2))).isTrue();
    assertThat(bloom.callAsync("b", () -> CompletableFuture.completedFuture(even(1))).get()).isFalse();
    assertThat(bloom.callAsync("b", () -> CompletableFuture.completedFuture(even(1))).get()).isFalse();
    assertThat(calls).hasValue(4);
    cache.enable();
    assertThat(cache.exists("dual_bloom:T.m:959:true")).isFalse();
    assertThat(cache.exists("dual_bloom:T.m:959:false")).isFalse();
    assertThat(bloom.call("a", () -> even(2))).isTrue();
    assertThat(bloom.call("a", () -> even(2))).isTrue();
    assertThat(calls).as("enabled again: recorded once, then answered").hasValue(5);
  }
}
