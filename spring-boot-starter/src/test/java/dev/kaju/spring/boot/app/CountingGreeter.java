package dev.kaju.spring.boot.app;

import org.springframework.stereotype.Service;

/**
 * The real greeter. The context holds it wrapped in GreeterCached, so it counts its calls in a bean
 * of its own for the tests to read.
 */
@Service
public class CountingGreeter implements Greeter {
  private final Calls calls;

  public CountingGreeter(Calls calls) {
    this.calls = calls;
  }

  @Override
  public String greet(String name) {
    calls.add();
    return "Hello, " + name + "!";
  }
}
