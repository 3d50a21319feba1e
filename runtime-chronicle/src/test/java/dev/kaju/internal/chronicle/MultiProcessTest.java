package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("disk backend: processes sharing a directory")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MultiProcessTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  private Cache open() {
    return Cache.create().setup("disk://?entries=10000&directory=" + dir);
  }

  private static String stderr(Process p) throws Exception {
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static List<String> lines(Process p) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  @DisplayName("a second JVM reads what the first wrote, while the first still has the cache open")
  void secondJvmReads() throws Exception {
    try (Cache cache = open()) {
      cache.set("greeting", "hello");
      cache.set("answer", 42L);
      cache.set("gone", "x", "1s");
      cache.delete("gone");
      Process child = DiskChild.start(true, "read", dir, "greeting", "answer", "gone");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
      List<String> out = lines(child);
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(out).containsExactly("open", "greeting=hello", "answer=42", "gone=null");
    }
  }

  @Test
  @DisplayName("a lock taken in one JVM holds in another, which cannot release it with its own value")
  void lockAcrossJvms() throws Exception {
    try (Cache cache = open()) {
      assertThat(cache.setLock("job", "parent", Duration.ofMinutes(1))).isTrue();
      Process child = DiskChild.start(true, "lock", dir, "job", "child");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
      List<String> out = lines(child);
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(out).containsExactly("open", "setLock=false", "unlock=false", "isLocked=true");
      assertThat(cache.unlock("job", "parent")).isTrue();

      Process second = DiskChild.start(true, "lock", dir, "job", "child");
      CompletableFuture<String> err2 = CompletableFuture.supplyAsync(() -> { try { return stderr(second); } catch (Exception e) { return e.toString(); } });
      List<String> out2 = lines(second);
      DiskChild.awaitExit(second);
      assertThat(out2).as(err2.get()).containsExactly("open", "setLock=true", "unlock=true", "isLocked=false");
    }
  }

  @Test
  @DisplayName("two JVMs incrementing one counter at the same time lose no update")
  void concurrentIncrAcrossJvms() throws Exception {
    int each = 3_000;
    try (Cache cache = open()) {
      cache.incr("counter", 0);
      Process child = DiskChild.start(true, "incr", dir, "counter", Integer.toString(each));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
      CompletableFuture<String> childLast = CompletableFuture.supplyAsync(() -> { try { return out.readLine(); } catch (IOException e) { return e.toString(); } });
      try (OutputStream in = child.getOutputStream()) {
        in.write('\n'); // go: both start now
      }
      // this JVM increments for as long as the child does, so the two really run at the same time
      long mine = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!childLast.isDone() && System.nanoTime() < deadline) {
        cache.incr("counter");
        mine++;
      }
      String last = childLast.get(60, TimeUnit.SECONDS);
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(last).startsWith("last=");
      assertThat((Object) cache.get("counter")).isEqualTo(mine + each);
      // the child's last count includes increments of this JVM made while it counted
      assertThat(Long.parseLong(last.substring(5))).as("interleaved, %d increments here", mine).isGreaterThan(each);
    }
  }

  @Test
  @DisplayName("kill -9 of a writer: after reopening, every entry it acknowledged is there and readable")
  void killedWriter() throws Exception {
    Process child = DiskChild.start(true, "write", dir);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
    List<String> acked = new ArrayList<>();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acked.size() < 3_000 && System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      acked.add(line);
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, locks left as they were
    child.waitFor(30, TimeUnit.SECONDS);
    try { // keys printed before the kill but not read yet were acknowledged too
      for (String line; (line = out.readLine()) != null; ) {
        acked.add(line);
      }
    } catch (IOException e) {
      // the JVM closed the pipe of the dead process: what was read is what counts
    }
    assertThat(acked).as("stderr: %s", err.join()).hasSizeGreaterThan(100);

    try (LogCapture log = new LogCapture(); Cache cache = open()) {
      for (String key : acked) {
        int i = Integer.parseInt(key.substring(2));
        assertThat((Object) cache.get(key)).as(key).isEqualTo("value-" + i + "-" + "x".repeat(i % 50));
      }
      assertThat(log.messages).noneMatch(m -> m.contains("moved it aside"));
      cache.set("after", "ok"); // every segment writable again: recovery released the dead writer's locks
      for (int i = 0; i < 200; i++) {
        cache.set("more:" + i, i);
      }
      assertThat((Object) cache.get("after")).isEqualTo("ok");
    }
  }

  @Test
  @DisplayName("a writer killed while another JVM keeps the cache open: the last close does not seal, the next open recovers")
  void killedCoUser() throws Exception {
    Cache first = open();
    Process child = DiskChild.start(true, "write", dir);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("child opened the cache").isEqualTo("open");
    List<String> acked = new ArrayList<>();
    while (acked.size() < 1_000) {
      String line = out.readLine();
      assertThat(line).as("stderr: %s", err).isNotNull();
      acked.add(line);
    }
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
    try (LogCapture log = new LogCapture()) {
      first.close();
      assertThat(log.messages).anyMatch(m -> m.contains("ended without closing it"));
    }
    assertThat(dir.resolve(DiskStore.CLEAN)).doesNotExist();
    try (LogCapture log = new LogCapture(); Cache cache = open()) {
      assertThat(log.messages).anyMatch(m -> m.contains("not closed cleanly"));
      for (String key : acked) {
        assertThat((Object) cache.get(key)).as(key).isNotNull();
      }
      for (int i = 0; i < 500; i++) {
        cache.set("after:" + i, i);
      }
    }
    assertThat(dir.resolve(DiskStore.CLEAN)).exists();
  }

  @Test
  @DisplayName("a JVM that exits without closing its cache still seals it: the next open needs no recovery")
  void exitWithoutClose() throws Exception {
    Process child = DiskChild.start(true, "exit", dir, "k", "v");
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
    lines(child);
    DiskChild.awaitExit(child);
    assertThat(child.exitValue()).as(err.get()).isZero();
    assertThat(dir.resolve(DiskStore.CLEAN)).exists();
    try (LogCapture log = new LogCapture(); Cache cache = open()) {
      assertThat((Object) cache.get("k")).isEqualTo("v");
      assertThat(log.messages).noneMatch(m -> m.contains("not closed cleanly"));
    }
  }

  @Test
  @DisplayName("a second JVM opening the directory with another entries is refused, naming both values (issue 10)")
  void otherEntriesRefused() throws Exception {
    try (Cache cache = open()) {
      cache.set("k", "v");
      Process child = DiskChild.start(true, "entries", dir, "500");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> { try { return stderr(child); } catch (Exception e) { return e.toString(); } });
      List<String> out = lines(child);
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(out).hasSize(1);
      assertThat(out.get(0))
          .startsWith("refused: disk cache ")
          .contains("is open by another process with other parameters: entries 10000 (this setup asks for 500)")
          .contains("use entries=10000, or use another directory");
      assertThat((Object) cache.get("k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("a JVM without the --add-opens/--add-exports flags gets a message listing the ones to add")
  void missingFlags() throws Exception {
    Process child = DiskChild.start(false, "read", dir, "k");
    CompletableFuture<List<String>> out = CompletableFuture.supplyAsync(() -> { try { return lines(child); } catch (Exception e) { return List.of(e.toString()); } });
    String err = stderr(child);
    DiskChild.awaitExit(child);
    assertThat(child.exitValue()).isNotZero();
    assertThat(out.get()).doesNotContain("open");
    assertThat(err).contains("needs these JVM flags");
    for (String flag : JvmFlags.all()) {
      assertThat(err).contains(flag);
    }
  }
}
