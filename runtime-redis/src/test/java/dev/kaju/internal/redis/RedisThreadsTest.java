package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10: the threads a Redis cache starts are named kaju-, are daemons, and stop when it closes. */
class RedisThreadsTest {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static Set<Thread> live() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  private static String describe(Set<Thread> threads) {
    return threads.stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : "")).sorted().collect(Collectors.joining(", "));
  }

  /** The threads alive now that were not in {@code baseline}, once they stop changing or at the deadline. */
  private static Set<Thread> extra(Set<Thread> baseline, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Set<Thread> extra;
    while (true) {
      extra = live();
      extra.removeAll(baseline);
      if (extra.isEmpty() || System.nanoTime() - deadline > 0) {
        return extra;
      }
      RedisServer.sleep(20);
    }
  }

  @Test
  @DisplayName("issue 10: 100 caches set up and closed leave no thread behind; every thread they ran was a kaju- daemon")
  void threadsStopAtClose() {
    // the JVM's and the test's own threads, and netty's global ones a first connection may start
    Cache warm = Cache.create().setup(server.url() + "?client_side=true");
    warm.set("k", "v");
    warm.close();
    Set<Thread> baseline = live();
    // another test's open Redis cache would hold the shared threads (surefire runs this class alone)
    boolean shared = baseline.stream().anyMatch(t -> t.getName().startsWith("kaju-redis-"));

    for (int i = 0; i < 100; i++) {
      Cache cache = Cache.create().setup(server.url() + (i % 2 == 0 ? "?client_side=true" : ""));
      assertThat(cache.set("k", "v" + i)).isTrue();
      assertThat((Object) cache.get("k")).isEqualTo("v" + i);
      if (i % 10 == 0) {
        Set<Thread> running = live();
        running.removeAll(baseline);
        // netty's one JVM-wide helper: it runs the listeners of closing channels and exits after 1 s idle
        running.removeIf(t -> t.getName().startsWith("globalEventExecutor-"));
        assertThat(running)
            .as("threads a cache runs: %s", describe(running))
            .allSatisfy(t -> {
              assertThat(t.getName()).startsWith("kaju-");
              assertThat(t.isDaemon()).as("%s is a daemon", t.getName()).isTrue();
            });
        if (!shared) {
          assertThat(running).as("the cache's own threads").isNotEmpty();
        }
        assertThat(live()).noneMatch(t -> t.getName().startsWith("lettuce-"));
      }
      cache.close();
    }

    Set<Thread> left = extra(baseline, Duration.ofSeconds(10));
    assertThat(left).as("threads left after every cache closed: %s", describe(left)).isEmpty();
    assertThat(live())
        .as("no Lettuce thread without the kaju- name")
        .noneMatch(t -> t.getName().startsWith("lettuce-"));
  }
}
