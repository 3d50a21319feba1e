package dev.kaju.servlet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The real service: each call returns a new numbered result and is counted per method. */
final class CountingCatalog implements Catalog {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  private int count(String method) {
    return calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  @Override
  public String page(String q) {
    return "page " + q + " #" + count("page");
  }

  @Override
  public String root(String q, String name) {
    count("root");
    return "{\"name\":\"" + name + "\",\"q\":\"" + q + "\"}";
  }

  @Override
  public String items(String q) {
    return "items " + q + " #" + count("items");
  }

  @Override
  public String bounded(String q) {
    return "bounded " + q + " #" + count("bounded");
  }
}
