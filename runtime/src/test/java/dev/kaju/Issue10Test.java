package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10 (hardening) on the runtime: secrets in messages, patterns, threads, huge TTLs and races. */
@DisplayName("issue 10: the runtime's hardening")
class Issue10Test {

  // ---- secrets never echoed ----

  @Test
  @DisplayName("setup errors never echo the URL's password or a secret option's value")
  void setupErrorsRedactSecrets() {
    List<String> urls = List.of(
        "redis://user:pw123@host:6379/0?secret=s3cr3t&bogus=1",      // no redis module here: names the artifact
        "redis://:pw123@host:notaport/0?secret=s3cr3t",              // bad port
        "redis://:pw%zz123@host:6379",                              // bad percent-encoding in the password
        "redis://pw123@host:6379?secret=s3%zzcr3t",                   // bad percent-encoding in the secret
        "nosuch://u:pw123@host?password=pw123",                     // unknown scheme
        "mem://?secret=s3cr3t&size=-1",                              // bad value of another option
        "mem://?=pw123",                                             // a value without a name
        "redis://:pw123@host#frag?secret=s3cr3t");                   // a fragment
    for (String url : urls) {
      assertThatThrownBy(() -> Cache.create().setup(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw123").doesNotContain("s3cr3t").doesNotContain("pw%zz"));
    }
  }

  @Test
  @DisplayName("toString and detect name the backend without its password")
  void toStringRedacts() {
    try (Cache cache = Cache.create().setup("mem://:pw123@?size=10")) {
      assertThat(cache.toString()).doesNotContain("pw123");
    }
  }

  // ---- patterns ----

  @Test
  @DisplayName("Kaju.escapePattern puts a value into a pattern safely: id \"*\" deletes one user's keys, not every user's")
  void escapePattern() {
    try (Cache cache = Cache.create().setup("mem://")) {
      cache.set("user:1:name", "a");
      cache.set("user:2:name", "b");
      cache.set("user:*:name", "star");
      cache.set("user:[x]:name", "bracket");
      assertThat(cache.deleteMatch("user:" + Kaju.escapePattern("*") + ":*")).isEqualTo(1);
      assertThat(cache.deleteMatch("user:" + Kaju.escapePattern("[x]") + ":*")).isEqualTo(1);
      assertThat(cache.scan("*").sorted().toList()).containsExactly("user:1:name", "user:2:name");
      assertThat(Kaju.escapePattern("a\\b?c")).isEqualTo("a\\\\b\\?c");
      assertThat(Kaju.escapePattern("plain:text")).isEqualTo("plain:text");
    }
  }

  // ---- threads ----

  @Test
  @DisplayName("100 memory caches set up and closed leave no kaju- thread behind; each thread is a named daemon")
  void threadsStopWithTheLastCache() throws Exception {
    List<Cache> caches = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Cache c = Cache.create().setup("mem://?check_interval=1");
      c.set("k", i);
      caches.add(c);
    }
    Set<Thread> kaju = kajuThreads();
    assertThat(kaju).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName()).isTrue());
    assertThat(kaju).hasSizeLessThanOrEqualTo(2); // one shared sweeper, not one per cache
    for (Cache c : caches) {
      c.close();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!kajuThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(kajuThreads()).isEmpty();
  }

  private static Set<Thread> kajuThreads() {
    Set<Thread> out = ConcurrentHashMap.newKeySet();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("kaju-")) {
        out.add(t);
      }
    }
    return out;
  }

  // ---- huge TTLs ----

  @Test
  @DisplayName("a huge TTL is kept (cut to ~146 years), never an ArithmeticException")
  void hugeTtl() {
    try (Cache cache = Cache.create().setup("mem://")) {
      assertThatCode(() -> cache.set("k", "v", Duration.ofSeconds(Long.MAX_VALUE))).doesNotThrowAnyException();
      assertThat((Object) cache.get("k")).isEqualTo("v");
      assertThat(cache.getExpire("k")).isGreaterThan(100L * 365 * 24 * 3600);
      assertThatCode(() -> cache.expire("k", Duration.ofDays(365L * 1_000_000))).doesNotThrowAnyException();
      assertThat((Object) cache.get("k")).isEqualTo("v");
      assertThatCode(() -> cache.incr("n", 1, Duration.ofSeconds(Long.MAX_VALUE))).doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("a TTL stays a TTL when the ticker reads negative values (System.nanoTime may)")
  void negativeTicker() {
    AtomicLong now = new AtomicLong(-5_000_000_000L);
    Ticker ticker = now::get;
    try (Cache cache = Cache.create().setup("mem://?check_interval=0", Settings.builder().ticker(ticker).build())) {
      cache.set("k", "v", Duration.ofSeconds(10));
      assertThat(cache.getExpire("k")).isEqualTo(10);
      now.addAndGet(Duration.ofSeconds(11).toNanos());
      assertThat((Object) cache.get("k")).isNull();
      cache.set("forever", "v", Duration.ofSeconds(Long.MAX_VALUE));
      assertThat((Object) cache.get("forever")).isEqualTo("v");
    }
  }

  // ---- races ----

  @Test
  @DisplayName("getSize of a set while members are added never iterates it mid-change")
  void getSizeWhileAdding() throws Exception {
    try (Cache cache = Cache.create().setup("mem://")) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          cache.setAdd("tags", null, "m" + (i++ % 5000));
          if (i % 5000 == 0) {
            cache.setPop("tags", 4000);
          }
        }
      });
      writer.start();
      try {
        for (int i = 0; i < 20_000 && failure.get() == null; i++) {
          try {
            cache.getSize("tags");
          } catch (Throwable t) {
            failure.set(t);
          }
        }
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(failure.get()).isNull();
    }
  }

  @Test
  @DisplayName("a callback stays active while scopes open and close on other threads (updateHooks lost updates)")
  void callbackNotSkipped() throws Exception {
    try (Cache cache = Cache.create().setup("mem://")) {
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(2);
      List<Thread> churn = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread th = new Thread(() -> {
          started.countDown();
          while (!stop.get()) {
            try (Detect d = cache.detect()) {
              // open and close a thread scope
            }
          }
        });
        churn.add(th);
        th.start();
      }
      started.await();
      long missed = 0;
      try {
        for (int round = 0; round < 2_000; round++) {
          AtomicLong seen = new AtomicLong();
          try (Cache.Scope cb = cache.callback((command, key, result) -> seen.incrementAndGet(), Command.GET)) {
            for (int i = 0; i < 20; i++) {
              cache.get("k");
            }
          }
          missed += 20 - seen.get();
        }
      } finally {
        stop.set(true);
        for (Thread th : churn) {
          th.join();
        }
      }
      assertThat(missed).as("GETs a registered callback did not see").isZero();
    }
  }
}
