package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.KeyContext;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.ManualExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tags on the generated @Soft, @Early and @Hit steps (cashews tag-13, tag-14, hit-05), and the
 * caller's KeyContext in their background recomputations, on memory with injected time.
 */
@DisplayName("generated strategy steps: tags on soft, early and hit; KeyContext in background recomputations")
class TagsGeneratedTest {
  private final FakeClock time = new FakeClock();
  private final ManualExecutor background = new ManualExecutor();
  private final Cache cache =
      Cache.create().setup("mem://", Settings.builder().ticker(time).clock(time).executor(background).build());
  private final AtomicInteger calls = new AtomicInteger();

  private String answer(int a) {
    return a + ":" + calls.incrementAndGet();
  }

  private final Tagged tagged = new TaggedCached(new Tagged() {
    @Override
    public String soft(int a, int b) {
      return answer(a);
    }

    @Override
    public String early(int a, int b) {
      return answer(a);
    }

    @Override
    public CompletableFuture<String> earlyAsync(int a) {
      return CompletableFuture.completedFuture(answer(a));
    }

    @Override
    public String hit(int a) {
      return answer(a);
    }

    @Override
    public String earlyInContext(int a) {
      return answer(a);
    }

    @Override
    public String hitInContext(int a) {
      return answer(a);
    }
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("tag-13: deleteTags(\"tag:1\") recomputes soft(1) only; deleteTags(\"all\") recomputes every soft result")
  void soft() {
    String one = tagged.soft(1, 0);
    String two = tagged.soft(2, 0);
    assertThat(tagged.soft(1, 0)).isEqualTo(one);
    cache.deleteTags("tag:1");
    String oneAgain = tagged.soft(1, 0);
    assertThat(oneAgain).isNotEqualTo(one);
    assertThat(tagged.soft(2, 0)).isEqualTo(two);
    String five = tagged.soft(5, 0);
    cache.deleteTags("all");
    assertThat(tagged.soft(2, 0)).isNotEqualTo(two);
    assertThat(tagged.soft(5, 0)).isNotEqualTo(five);
    assertThat(tagged.soft(1, 0)).isNotEqualTo(oneAgain);
  }

  @Test
  @DisplayName("tag-13: the same for early, including a result its background recomputation stored")
  void early() {
    String one = tagged.early(1, 0);
    String two = tagged.early(2, 0);
    cache.deleteTags("tag:1");
    String oneAgain = tagged.early(1, 0);
    assertThat(oneAgain).isNotEqualTo(one);
    assertThat(tagged.early(2, 0)).isEqualTo(two);

    time.advance(Duration.ofSeconds(11)); // early-expired: the old result, and a background recomputation
    assertThat(tagged.early(2, 0)).isEqualTo(two);
    assertThat(background.runAll()).isEqualTo(1);
    String refreshed = tagged.early(2, 0);
    assertThat(refreshed).isNotEqualTo(two);
    cache.deleteTags("all"); // the recomputed entry joined the tags too
    assertThat(tagged.early(2, 0)).isNotEqualTo(refreshed);
    assertThat(tagged.early(1, 0)).isNotEqualTo(oneAgain);
  }

  @Test
  @DisplayName("tag-13: an early method returning a CompletionStage is tagged too")
  void earlyAsync() throws Exception {
    String one = tagged.earlyAsync(1).get();
    assertThat(tagged.earlyAsync(1).get()).isEqualTo(one);
    cache.deleteTags("tag:1");
    assertThat(tagged.earlyAsync(1).get()).isNotEqualTo(one);
  }

  @Test
  @DisplayName("hit-05: the value key and its counter both join the tags, so deleteTags removes both")
  void hit() {
    String one = tagged.hit(1);
    assertThat(tagged.hit(1)).isEqualTo(one); // the counter exists now
    assertThat(cache.exists("hit:key:1")).isTrue();
    assertThat(cache.exists("hit:key:1:counter")).isTrue();
    assertThat(cache.deleteTags("tag:1")).isEqualTo(2);
    assertThat(cache.exists("hit:key:1")).isFalse();
    assertThat(cache.exists("hit:key:1:counter")).isFalse();

    // a result the background recomputation (updateAfter = 2) stored is tagged, with its counter
    String again = tagged.hit(1);
    assertThat(again).isNotEqualTo(one);
    assertThat(tagged.hit(1)).isEqualTo(again);
    assertThat(tagged.hit(1)).isEqualTo(again); // the second hit starts the recomputation
    assertThat(background.runAll()).isEqualTo(1);
    String refreshed = tagged.hit(1);
    assertThat(refreshed).isNotEqualTo(again);
    assertThat(cache.exists("hit:key:1:counter")).isTrue();
    cache.deleteTags("all");
    assertThat(cache.exists("hit:key:1")).isFalse();
    assertThat(cache.exists("hit:key:1:counter")).isFalse();
    assertThat(tagged.hit(1)).isNotEqualTo(refreshed);
  }

  @Test
  @DisplayName("tag-14: a @Cached(tags = all) layer over a @Soft(tags = {all, tag:{a}}) layer: deleteTags(all) invalidates both")
  void twoLayers() {
    AtomicInteger inner = new AtomicInteger();
    Tagged.SoftLayer soft = new Tagged_SoftLayerCached(a -> a + ":" + inner.incrementAndGet(), cache);
    Tagged.Outer outer = new Tagged_OuterCached(soft::get, cache); // the outer layer calls the inner one
    assertThat(outer.get(1)).isEqualTo("1:1");
    assertThat(cache.exists("outer:1")).isTrue();
    assertThat(cache.exists("soft:inner:1")).isTrue();

    cache.deleteTags("tag:1"); // the inner layer only: the outer still answers
    assertThat(cache.exists("soft:inner:1")).isFalse();
    assertThat(outer.get(1)).isEqualTo("1:1");
    assertThat(inner).hasValue(1);

    cache.deleteTags("all");
    assertThat(cache.exists("outer:1")).isFalse();
    assertThat(cache.exists("soft:inner:1")).isFalse();
    assertThat(outer.get(1)).isEqualTo("1:2");
    assertThat(inner).hasValue(2);
  }

  @Test
  @DisplayName("KeyContext: @Early's background recomputation renders an inner {@:get(tenant)} key with the caller's value")
  void earlyBackgroundKeepsKeyContext() {
    String first;
    try (KeyContext.Scope s = KeyContext.with("tenant", "acme")) {
      first = tagged.earlyInContext(1);
      assertThat(cache.exists("fail:acme:1")).isTrue();
      cache.delete("fail:acme:1");
      time.advance(Duration.ofSeconds(11));
      assertThat(tagged.earlyInContext(1)).isEqualTo(first);
    }
    assertThat(KeyContext.contains("tenant")).isFalse();
    assertThat(background.runAll()).isEqualTo(1); // on this thread, outside any scope
    assertThat(KeyContext.contains("tenant")).isFalse(); // the reopened scope was closed
    assertThat(cache.exists("fail:acme:1")).isTrue(); // the inner step's key used the caller's tenant
    try (KeyContext.Scope s = KeyContext.with("tenant", "acme")) {
      assertThat(tagged.earlyInContext(1)).isNotEqualTo(first); // the recomputation succeeded and was stored
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("KeyContext: @Hit's background recomputation renders an inner {@:get(tenant)} key with the caller's value")
  void hitBackgroundKeepsKeyContext() {
    String first;
    try (KeyContext.Scope s = KeyContext.with("tenant", "globex")) {
      first = tagged.hitInContext(7);
      cache.delete("fail:globex:7");
      assertThat(tagged.hitInContext(7)).isEqualTo(first); // hit 1 = updateAfter: a background recomputation
    }
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(cache.exists("fail:globex:7")).isTrue();
    try (KeyContext.Scope s = KeyContext.with("tenant", "globex")) {
      assertThat(tagged.hitInContext(7)).isNotEqualTo(first);
    }
    assertThat(calls).hasValue(2);
  }
}
