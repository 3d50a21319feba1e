package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.contract.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' tags (tag-01..22) on the memory backend; the async view runs the same. */
class TagsTest {
  private final FakeTicker ticker = new FakeTicker();
  private final Cache cache = Cache.create().setup("mem://?size=10000", Settings.builder().ticker(ticker).build());

  @AfterEach
  void close() {
    cache.close();
  }

  private void registerCashewsTags() {
    cache.registerTag("tag", "key");
    cache.registerTag("tag_template", "key{i}");
    cache.registerTag("tag_test:{i}", "key{i:len}:test");
    cache.registerTag("tag_func:{i:hash}", "key{i}:test");
    cache.registerTag("tag_context:{val}", "key{i}:test");
  }

  @Test
  @DisplayName("tag-01: registered tags of a key, in order, rendered from captures, formatters and the key context")
  void keyTags() {
    registerCashewsTags();
    try (var s = KeyContext.with("val", 10)) {
      assertThat(cache.getKeyTags("key1:test"))
          .containsExactly("tag_template", "tag_test:1", "tag_func:c4ca4238a0b923820dcc509a6f75849b", "tag_context:10");
    }
  }

  @Test
  @DisplayName("tag-02: a placeholder may match empty text, and matching is anchored")
  void anchored() {
    registerCashewsTags();
    assertThat(cache.getKeyTags("keyanytest")).containsExactly("tag_template");
    assertThat(cache.getKeyTags("keytest")).containsExactly("tag_template");
    assertThat(cache.getKeyTags("key")).containsExactly("tag", "tag_template");
    assertThat(cache.getKeyTags("k")).isEmpty();
    assertThat(cache.getKeyTags("prefixkey")).isEmpty();
    assertThat(cache.getKeyTags(":key")).isEmpty();
  }

  @Test
  @DisplayName("tag-03/04: regex metacharacters are literal; dotted names capture")
  void metacharacters() {
    cache.registerTag("!@#$%^&*():{i}", "!@#$%^&*(){i}:test");
    assertThat(cache.getKeyTags("!@#$%^&*()$:test")).containsExactly("!@#$%^&*():$");
    cache.registerTag("t:{b.c}", "key:{a}:{b.c}");
    assertThat(cache.getKeyTags("key:1:2")).containsExactly("t:2");
  }

  @Test
  @DisplayName("tag-05/06: deleteTags deletes the keys of the given tags only")
  void deleteTags() {
    cache.set("key1", "value", null, List.of("1", "2"));
    cache.set("key2", "value", null, List.of("2"));
    cache.set("key3", "value", null, List.of("3"));
    assertThat(cache.deleteTags("2")).isEqualTo(2);
    assertThat(cache.getMany("key1", "key2", "key3")).containsExactly(null, null, "value");
    cache.deleteTags("1");
    assertThat(cache.<String>get("key3")).isEqualTo("value");
    cache.deleteTags("3");
    assertThat(cache.getMany("key1", "key2", "key3")).containsExactly(null, null, null);
  }

  @Test
  @DisplayName("tag-08: a deleted key leaves its registered tags' sets, so a later untagged set survives deleteTags")
  void deleteLeavesTags() {
    cache.registerTag("tag", "key");
    cache.set("key", "value", null, List.of("tag"));
    cache.delete("key");
    cache.set("key", "value2");
    cache.deleteTags("tag");
    assertThat(cache.<String>get("key")).isEqualTo("value2");
  }

  @Test
  @DisplayName("tag-09: the tag's set takes the key's TTL")
  void tagSetExpires() {
    cache.set("a", 1, Duration.ofMillis(100), List.of("tag"));
    cache.set("b", 2, Duration.ofMillis(100), List.of("tag"));
    assertThat(cache.getExpire("_tag:tag")).isEqualTo(0); // 100 ms, rounded
    assertThat(cache.exists("_tag:tag")).isTrue();
    ticker.advance(Duration.ofMillis(110));
    assertThat(cache.setPop("_tag:tag", 1)).isEmpty();
  }

  @Test
  @DisplayName("tag-10/11: 150 keys under one tag are deleted in batches of 100; repeated and unknown tags are harmless")
  void batches() {
    for (int i = 0; i < 150; i++) {
      cache.set("k" + i, i, null, List.of(Integer.toString(i), "all"));
    }
    cache.deleteTags("1", "2", "100");
    cache.deleteTags("1", "2", "100");
    assertThat(cache.exists("k1")).isFalse();
    assertThat(cache.exists("k3")).isTrue();
    assertThat(cache.deleteTags("5", "all")).isEqualTo(147);
    assertThat(cache.scan("k*").count()).isZero();
  }

  @Test
  @DisplayName("tag-21/22: only a written key joins its tags; no registration is needed for set and deleteTags")
  void onlyWritten() {
    assertThat(cache.set("k2", "v", null, true)).isFalse();
    assertThat(cache.set("k2", "v", null, List.of("t"))).isTrue();
    cache.set("k3", "v");
    assertThat(cache.deleteTags("t")).isEqualTo(1);
    assertThat(cache.exists("k3")).isTrue();
    assertThatThrownBy(() -> cache.set("k", "v", null, List.of(""))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the async view: set with tags and deleteTags")
  void async() throws Exception {
    cache.async().set("a", 1, null, Set.of("t")).toCompletableFuture().get();
    cache.async().set("b", 2, null, Set.of("t")).toCompletableFuture().get();
    assertThat(cache.async().deleteTags("t").toCompletableFuture().get()).isEqualTo(2);
    assertThat(cache.getMany("a", "b")).containsExactly(null, null);
  }
}
