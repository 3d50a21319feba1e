package dev.kaju.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The async pipeline against a backend doing I/O (iomem): nothing waits on the caller's thread. */
@DisplayName("the async pipeline: executeAsync, middlewares and hooks, a frozen backend")
class AsyncPipelineTest {
  private Cache cache = Cache.create().setup("iomem://");

  @AfterEach
  void close() {
    IoMemoryBackendFactory.frozen = null;
    cache.close();
  }

  @Test
  @DisplayName("with the backend frozen, 200 async calls return their futures at once and start no thread; all complete when it thaws")
  void frozenBackend() throws Exception {
    cache.set("k", "v");
    cache.async().get("k").toCompletableFuture().get(10, TimeUnit.SECONDS); // the backend's I/O thread is up
    CountDownLatch thaw = new CountDownLatch(1);
    IoMemoryBackendFactory.frozen = thaw;
    int threadsBefore = Thread.activeCount();
    long start = System.nanoTime();
    List<CompletableFuture<Object>> pending = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pending.add(cache.async().get("k").toCompletableFuture());
    }
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(pending).noneMatch(CompletableFuture::isDone);
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
    assertThat(tookMillis).as("no call waited for the frozen backend").isLessThan(5_000);
    thaw.countDown();
    for (CompletableFuture<Object> f : pending) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("inside a transaction, with the backend frozen: a read of a key it has not written waits on no thread; its own writes answer at once")
  void transactionReadsDoNotBlock() throws Exception {
    cache.set("k", "v");
    cache.async().get("k").toCompletableFuture().get(10, TimeUnit.SECONDS); // the backend's I/O thread is up
    CountDownLatch thaw = new CountDownLatch(1);
    try (dev.kaju.Transaction tx = cache.transaction(dev.kaju.TransactionMode.FAST)) {
      IoMemoryBackendFactory.frozen = thaw;
      CompletableFuture<Object> untouched = cache.async().get("k").toCompletableFuture();
      CompletableFuture<List<Object>> many = cache.async().getMany("k", "other").toCompletableFuture();
      CompletableFuture<Boolean> exists = cache.async().exists("k").toCompletableFuture();
      assertThat(untouched).as("sent to the frozen backend, not waited for").isNotDone();
      assertThat(many).isNotDone();
      assertThat(exists).isNotDone();
      assertThat(cache.async().set("a", "1").toCompletableFuture()).as("buffered").isCompletedWithValue(true);
      assertThat(cache.async().get("a").toCompletableFuture()).as("from the buffer").isCompletedWithValue("1");
      assertThat(cache.async().getMany("a", "k").toCompletableFuture()).as("a written key: through the buffer").isDone();
      thaw.countDown();
      assertThat(untouched.get(10, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(many.get(10, TimeUnit.SECONDS)).containsExactly("v", null);
      assertThat(exists.get(10, TimeUnit.SECONDS)).isTrue();
      tx.commit();
    }
    assertThat((Object) cache.get("a")).isEqualTo("1");
  }

  @Test
  @DisplayName("results arrive on the backend's I/O thread, not the caller's")
  void completesOnIoThread() throws Exception {
    cache.set("k", "v");
    String[] thread = new String[1];
    cache.async().get("k").thenRun(() -> thread[0] = Thread.currentThread().getName()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(thread[0]).isIn(IoMemoryBackendFactory.IO_THREAD, Thread.currentThread().getName()); // already done: inline
    IoMemoryBackendFactory.frozen = new CountDownLatch(1);
    CompletableFuture<String> where = cache.async().get("k").thenApply(v -> Thread.currentThread().getName()).toCompletableFuture();
    IoMemoryBackendFactory.frozen.countDown();
    assertThat(where.get(10, TimeUnit.SECONDS)).isEqualTo(IoMemoryBackendFactory.IO_THREAD);
  }

  @Test
  @DisplayName("a middleware on the async path sees chain.async() and a stage from proceed; its plain answer is taken as completed")
  void middlewareOnAsyncPath() throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    Middleware spy = (call, chain) -> {
      Object result = chain.proceed(call);
      seen.add(chain.async());
      seen.add(result instanceof CompletionStage);
      return result;
    };
    Middleware answer = (call, chain) -> call instanceof Command.Exists ? Boolean.TRUE : chain.proceed(call);
    cache.close();
    cache = Cache.create().setup("iomem://", Settings.builder().middlewares(spy, answer).build());
    assertThat(cache.async().set("k", "v").toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsExactly(true, true);
    assertThat(cache.async().exists("nothing").toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cache.exists("nothing")).isTrue(); // the sync path: a plain answer
    assertThat(seen).containsExactly(true, true, true, true, false, false);
  }

  @Test
  @DisplayName("callbacks and the caller's detect scope hear async results when they arrive")
  void hooks() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    cache.set("k", "v");
    try (Cache.Scope cb = cache.callback((command, key, result) -> heard.add(command + " " + key + "=" + result), Command.GET);
        Detect d = cache.detect()) {
      IoMemoryBackendFactory.frozen = new CountDownLatch(1);
      CompletableFuture<Object> f = cache.async().get("k").toCompletableFuture();
      IoMemoryBackendFactory.frozen.countDown();
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(heard).containsExactly("GET k=v");
      assertThat(d.calls().get("k")).singleElement().satisfies(c -> assertThat(c.hit()).isTrue());
    }
  }

  @Test
  @DisplayName("detect records a generated method's async lookup with its strategy and TTL, though it completes on the I/O thread")
  void detectTagsAsyncLookups() throws Exception {
    dev.kaju.support.CachedSite<String> site =
        dev.kaju.support.CachedSite.<String>builder(cache, "Test.m").type(String.class).ttl(java.time.Duration.ofSeconds(30)).build();
    cache.set("k", "v");
    try (Detect d = cache.detect()) {
      assertThat(site.callAsync("k", () -> CompletableFuture.completedFuture("computed")).get(10, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(d.calls().get("k")).singleElement().satisfies(c -> {
        assertThat(c.hit()).isTrue();
        assertThat(c.strategy()).isEqualTo("simple");
        assertThat(c.ttl()).isEqualTo(java.time.Duration.ofSeconds(30));
      });
    }
  }
}
