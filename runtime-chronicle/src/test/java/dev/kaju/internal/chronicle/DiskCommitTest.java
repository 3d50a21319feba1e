package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Command;
import dev.kaju.spi.Backend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction's commit on disk: one update holding the write locks of every key's segment (the
 * reader's view of it is in the transaction contract; here, what the backend does with each kind
 * of write, and with the failures).
 */
@DisplayName("disk backend: a transaction's commit")
class DiskCommitTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private ChronicleBackend backend() {
    return DiskConfigs.backend(dir, clock, "entries", "10000", "suppress", "false");
  }

  @Test
  @DisplayName("every kind of write a commit holds lands: set, delete, delete_many, incr, expire, unlock, delete_match")
  void everyWrite() {
    try (ChronicleBackend b = backend()) {
      b.set("old:1", "x", null, Backend.SetMode.ALWAYS);
      b.set("old:2", "x", null, Backend.SetMode.ALWAYS);
      b.set("gone", "x", null, Backend.SetMode.ALWAYS);
      b.set("many:1", "x", null, Backend.SetMode.ALWAYS);
      b.set("counter", 41L, null, Backend.SetMode.ALWAYS);
      b.set("short", "x", null, Backend.SetMode.ALWAYS);
      b.setLock("lock", "token", Duration.ofMinutes(1));
      b.setLock("other-lock", "theirs", Duration.ofMinutes(1));
      b.commit(List.of(
          new Command.DeleteMatch("old:*"),
          new Command.Set("a", "A", Duration.ofSeconds(30), Backend.SetMode.ALWAYS),
          new Command.Delete("gone"),
          new Command.DeleteMany(List.of("many:1", "many:2")),
          new Command.Incr("counter", 1, null),
          new Command.Incr("fresh", 5, Duration.ofSeconds(9)),
          new Command.Expire("short", Duration.ofSeconds(3)),
          new Command.Unlock("lock", "token"),
          new Command.Unlock("other-lock", "mine")));
      assertThat(b.exists("old:1")).isFalse();
      assertThat(b.exists("old:2")).isFalse();
      assertThat(b.get("a")).isEqualTo("A");
      assertThat(b.getExpire("a")).isEqualTo(30);
      assertThat(b.exists("gone")).isFalse();
      assertThat(b.exists("many:1")).isFalse();
      assertThat(b.incr("counter", 0, null)).isEqualTo(42);
      assertThat(b.incr("fresh", 0, null)).isEqualTo(5);
      assertThat(b.getExpire("fresh")).isEqualTo(9);
      assertThat(b.getExpire("short")).isEqualTo(3);
      assertThat(b.isLocked("lock")).isFalse();
      assertThat(b.isLocked("other-lock")).as("a lock held by another token stays").isTrue();
    }
  }

  @Test
  @DisplayName("an incr that would overflow fails the commit before anything is written")
  void overflowWritesNothing() {
    try (ChronicleBackend b = backend()) {
      b.set("a", "before", null, Backend.SetMode.ALWAYS);
      b.incr("counter", Long.MAX_VALUE, null);
      assertThatThrownBy(() -> b.commit(List.of(
              new Command.Set("a", "after", null, Backend.SetMode.ALWAYS),
              new Command.Delete("a2"),
              new Command.Set("z", "new", null, Backend.SetMode.ALWAYS),
              new Command.Incr("counter", 1, null))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("would overflow")
          .hasMessageContaining("nothing was written");
      assertThat(b.get("a")).isEqualTo("before");
      assertThat(b.incr("counter", 0, null)).isEqualTo(Long.MAX_VALUE);
      assertThat(b.exists("z")).isFalse();
    }
  }

  @Test
  @DisplayName("a value too large for the file, met midway, puts back the writes before it")
  void tooLargePutsBack() {
    try (ChronicleBackend b = backend()) {
      b.set("a", "before", null, Backend.SetMode.ALWAYS);
      b.set("d", "kept", null, Backend.SetMode.ALWAYS);
      byte[] huge = new byte[64 * 1024 * 1024];
      assertThatThrownBy(() -> b.commit(List.of(
              new Command.Set("a", "after", null, Backend.SetMode.ALWAYS),
              new Command.Delete("d"),
              new Command.Set("new", "new", null, Backend.SetMode.ALWAYS),
              new Command.Set("huge", huge, null, Backend.SetMode.ALWAYS))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too large")
          .hasMessageContaining("the commit wrote nothing");
      assertThat(b.get("a")).isEqualTo("before");
      assertThat(b.get("d")).isEqualTo("kept");
      assertThat(b.exists("new")).isFalse();
      assertThat(b.exists("huge")).isFalse();
    }
  }

  @Test
  @DisplayName("a commit of more keys than one update holds writes them key by key")
  void manyKeys() {
    try (ChronicleBackend b = backend()) {
      List<Command.Call<?>> writes = new ArrayList<>();
      for (int i = 0; i < ChronicleBackend.COMMIT_KEYS + 100; i++) {
        writes.add(new Command.Set("k:" + i, (long) i, null, Backend.SetMode.ALWAYS));
      }
      b.commit(writes);
      assertThat(b.getKeysCount()).isEqualTo(ChronicleBackend.COMMIT_KEYS + 100);
      assertThat(b.get("k:" + (ChronicleBackend.COMMIT_KEYS + 99))).isEqualTo((long) ChronicleBackend.COMMIT_KEYS + 99);
    }
  }

  @Test
  @DisplayName("two processes committing one set of keys in opposite orders never deadlock (locks taken in segment order)")
  void oppositeOrders() throws Exception {
    try (ChronicleBackend one = backend(); ChronicleBackend two = backend()) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        keys.add("key:" + i);
      }
      List<String> reversed = new ArrayList<>(keys);
      Collections.reverse(reversed);
      CompletableFuture<Void> first = CompletableFuture.runAsync(() -> commits(one, keys, 1L));
      CompletableFuture<Void> second = CompletableFuture.runAsync(() -> commits(two, reversed, 2L));
      // a deadlock would fail a lock wait after 2 s (suppress=false): each completes, without an exception
      first.get(60, TimeUnit.SECONDS);
      second.get(60, TimeUnit.SECONDS);
      Object last = one.get("key:0");
      assertThat(last).isIn(1L, 2L);
      for (String key : keys) {
        assertThat(one.get(key)).as("every key holds the last commit's value").isEqualTo(last);
      }
    }
  }

  private static void commits(ChronicleBackend backend, List<String> keys, long value) {
    List<Command.Call<?>> writes = new ArrayList<>();
    for (String key : keys) {
      writes.add(new Command.Set(key, value, null, Backend.SetMode.ALWAYS));
    }
    for (int i = 0; i < 500; i++) {
      backend.commit(writes);
    }
  }
}
