package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' bloom through generated code. */
@DisplayName("@Bloom and @Bloom.Add")
class BloomTest {
  private final Cache cache = Cache.create().setup("mem://");
  private final AtomicInteger calls = new AtomicInteger();
  private final Members members = new MembersCached(new Members() {
    @Override
    public boolean exists(int k) {
      calls.incrementAndGet();
      return k > 50;
    }

    @Override
    public boolean register(int k) {
      return k > 50;
    }

    @Override
    public CompletableFuture<Boolean> email(String address) {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public void subscribe(String address, String name) {}
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("bloom-01: after register(0..99), exists(k <= 50) is false without a call, exists(k > 50) true after one")
  void bloom01() {
    for (int k = 0; k < 100; k++) {
      members.register(k);
    }
    for (int k = 0; k <= 50; k++) {
      assertThat(members.exists(k)).isFalse();
    }
    assertThat(calls).hasValue(0);
    for (int k = 51; k < 100; k++) {
      assertThat(members.exists(k)).isTrue();
    }
    assertThat(calls).hasValue(49);
    assertThat(cache.exists("bloom:Members.exists:959")).isTrue();
  }

  @Test
  @DisplayName("async: unknown addresses answer false at once; a void @Bloom.Add method adds its member")
  void async() throws Exception {
    assertThat(members.email("a@example.com").get()).isFalse();
    members.subscribe("a@example.com", "Ada");
    assertThat(members.email("a@example.com").get()).isTrue();
    assertThat(calls).hasValue(1);
  }
}
