package dev.kaju.samples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The real service: every call takes 300 ms. */
public final class SlowWeatherService implements WeatherService {
  final AtomicInteger calls = new AtomicInteger();

  /** How many calls reached this service (the cache answered the others). */
  public int calls() {
    return calls.get();
  }

  @Override
  public String forecast(Place place, int days) {
    calls.incrementAndGet();
    sleep();
    return days + " days of sun in " + place.city();
  }

  @Override
  public CompletableFuture<Double> temperature(String city) {
    calls.incrementAndGet();
    return CompletableFuture.supplyAsync(() -> {
      sleep();
      return 21.5;
    });
  }

  private static void sleep() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
