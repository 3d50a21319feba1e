package dev.kaju.samples;

import dev.kaju.Cache;
import java.util.function.Supplier;

/** Part of the README's run command: a generated *Cached class in action, with timings. */
final class AnnotatedSample {
  private AnnotatedSample() {}

  static void run() throws Exception {
    try (Cache cache = Cache.create().setup("mem://?size=1000")) {
      SlowWeatherService real = new SlowWeatherService();
      WeatherService weather = new WeatherServiceCached(real, cache);
      WeatherService.Place paris = new WeatherService.Place("Paris", "FR");

      System.out.println("== a generated WeatherServiceCached around a service taking 300 ms a call");
      timed("forecast(Paris, 3)   first call ", () -> weather.forecast(paris, 3));
      timed("forecast(Paris, 3)   second call", () -> weather.forecast(paris, 3));
      timed("forecast(PARIS, 3)   same key   ", () -> weather.forecast(new WeatherService.Place("PARIS", "fr"), 3));
      timed("forecast(Paris, 5)   other key  ", () -> weather.forecast(paris, 5));
      timed("temperature(Lyon)    first call ", () -> weather.temperature("Lyon").join());
      timed("temperature(lyon)    second call", () -> weather.temperature("lyon").join());
      System.out.println("  keys: " + cache.scan("*").sorted().toList());
      System.out.println("  the real service was called " + real.calls.get() + " times for 6 calls");
    }
    disk();
  }

  /** The same service on disk://: what one Cache stored, the next one (or the next run) reads. */
  private static void disk() throws Exception {
    System.setProperty("chronicle.analytics.disable", "true");
    String url = "disk://?directory=target/kaju-disk-sample&entries=10000";
    SlowWeatherService real = new SlowWeatherService();
    WeatherService.Place oslo = new WeatherService.Place("Oslo", "NO");
    System.out.println("== the same service on disk:// (Chronicle Map, off-heap, survives restarts)");
    try (Cache first = Cache.create().setup(url)) {
      WeatherService weather = new WeatherServiceCached(real, first);
      timed("forecast(Oslo, 2)    first cache ", () -> weather.forecast(oslo, 2));
    }
    try (Cache second = Cache.create().setup(url)) {
      WeatherService weather = new WeatherServiceCached(real, second);
      timed("forecast(Oslo, 2)    reopened    ", () -> weather.forecast(oslo, 2));
      System.out.println("  the real service was called " + real.calls.get()
          + " time(s); run the command again: the entry is still on disk for 10 minutes");
    }
  }

  private static void timed(String what, Supplier<Object> call) {
    long start = System.nanoTime();
    Object result = call.get();
    System.out.printf("  %s -> %-26s %8.3f ms%n", what, result, (System.nanoTime() - start) / 1e6);
  }
}
