package dev.kaju.spring.boot.app;

import dev.kaju.annotation.Cached;

/** A cached service of the test application; the Kaju processor generates {@code GreeterCached}. */
public interface Greeter {
  @Cached(ttl = "10m", key = "greetings:{name}")
  String greet(String name);
}
