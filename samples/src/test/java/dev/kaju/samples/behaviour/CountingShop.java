package dev.kaju.samples.behaviour;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The real implementation: counts calls per method, and lets tests script results. */
class CountingShop implements Shop {
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  volatile String nextValue;
  volatile CountDownLatch gate;
  volatile CompletableFuture<String> pending;

  int calls(String method) {
    return calls.computeIfAbsent(method, k -> new AtomicInteger()).get();
  }

  private int count(String method) {
    return calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
  }

  private String value(String method) {
    int n = count(method);
    return nextValue != null ? nextValue : method + "#" + n;
  }

  @Override
  public String plain(String a, int b) {
    return value("plain");
  }

  @Override
  public String nested(User user) {
    return value("nested");
  }

  @Override
  public String formatters(String a) {
    return value("formatters");
  }

  @Override
  public String jwt(String token) {
    return value("jwt");
  }

  @Override
  public String context(int page) {
    return value("context");
  }

  @Override
  public String kinds(boolean flag, Color color, List<Object> items, Optional<String> maybe, String nothing, double ratio) {
    return value("kinds");
  }

  @Override
  public String money(Money price, String name) {
    return value("money");
  }

  @Override
  public String formatterArguments(String a, String algo, String token, String claim, int times) {
    return value("formatterArguments");
  }

  @Override
  public String versioned(long id) {
    return value("versioned");
  }

  @Override
  public String nullable(int id) {
    count("nullable");
    return null;
  }

  @Override
  public String notNull(int id) {
    count("notNull");
    return null;
  }

  @Override
  public Optional<String> optional(int id) {
    count("optional");
    return Optional.empty();
  }

  @Override
  public String conditioned(String value) {
    count("conditioned");
    return value;
  }

  @Override
  public CompletableFuture<String> asyncConditioned(String value) {
    count("asyncConditioned");
    return CompletableFuture.completedFuture(value);
  }

  @Override
  public String withExceptions(String mode) {
    count("withExceptions");
    return raise(mode);
  }

  @Override
  public String onlyExceptions(String mode) {
    count("onlyExceptions");
    return raise(mode);
  }

  private static String raise(String mode) {
    switch (mode) {
      case "custom":
        throw new CustomError("custom failure");
      case "other":
        throw new IllegalStateException("other failure");
      default:
        return "ok";
    }
  }

  @Override
  public String checked(String mode) throws IOException {
    count("checked");
    throw new IOException("disk on fire");
  }

  @Override
  public String timed(int millis) {
    count("timed");
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "slept " + millis;
  }

  @Override
  public String shortLived(int id) {
    return value("shortLived");
  }

  @Override
  public String dynamicTtl(boolean vip) {
    return value("dynamicTtl");
  }

  @Override
  public String textTtl(int id) {
    return value("textTtl");
  }

  @Override
  public String locked(int id) {
    return slow("locked");
  }

  @Override
  public String unlocked(int id) {
    return slow("unlocked");
  }

  private String slow(String method) {
    String v = value(method);
    try {
      CountDownLatch g = gate;
      if (g != null) {
        g.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return v;
  }

  @Override
  public CompletableFuture<String> async(int id) {
    count("async");
    CompletableFuture<String> p = pending;
    return p != null ? p : CompletableFuture.completedFuture("async#" + id);
  }

  @Override
  public CompletionStage<String> stage(int id) {
    count("stage");
    return CompletableFuture.failedFuture(new CustomError("stage failed " + id));
  }

  @Override
  public long primitive(int id) {
    count("primitive");
    return id * 1000L;
  }

  @Override
  public List<String> list(int n) {
    count("list");
    return List.of("a", "b").subList(0, n);
  }

  @Override
  public <T extends Comparable<T>> T generic(T id) {
    count("generic");
    return id;
  }

  @Override
  public String pair(String a, String b) {
    return value("pair") + "(" + a + "," + b + ")";
  }

  @Override
  public String one(String a) {
    return value("one") + "(" + a + ")";
  }

  @Override
  public String maybe(Optional<String> a) {
    return value("maybe") + "(" + a + ")";
  }

  @Override
  public String bytes(byte[] a) {
    return value("bytes");
  }

  @Override
  public String items(List<String> a) {
    return value("items") + a;
  }

  @Override
  public String letter(char a) {
    return value("letter");
  }

  @Override
  public CompletionStage<String> nullStage(int id) {
    count("nullStage");
    return null;
  }

  @Override
  public String notCached(String a) {
    return value("notCached");
  }

  @Override
  public String greet(String name) {
    count("greet");
    return "hi " + name;
  }
}
