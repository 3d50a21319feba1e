package dev.kaju.spring.boot.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** How many times the real service ran. */
@Component
public class Calls {
  private final AtomicInteger count = new AtomicInteger();

  void add() {
    count.incrementAndGet();
  }

  public int count() {
    return count.get();
  }
}
