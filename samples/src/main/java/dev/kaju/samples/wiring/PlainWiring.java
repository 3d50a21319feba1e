package dev.kaju.samples.wiring;

import dev.kaju.Cache;
import dev.kaju.samples.SlowWeatherService;
import dev.kaju.samples.WeatherService;
import dev.kaju.samples.WeatherServiceCached;

/** Wiring by hand: one {@code Cache} for the application, and the generated class around the service. */
public final class PlainWiring implements AutoCloseable {
  private final Cache cache = Cache.create().setup("mem://?size=10000");
  private final SlowWeatherService service = new SlowWeatherService();
  private final WeatherService weather = new WeatherServiceCached(service, cache);

  /** What the application calls: the cached service. */
  public WeatherService weather() {
    return weather;
  }

  /** The real service behind it, to see how many calls reached it. */
  public SlowWeatherService service() {
    return service;
  }

  @Override
  public void close() {
    cache.close();
  }

  public static void main(String[] args) {
    try (PlainWiring app = new PlainWiring()) {
      WeatherService.Place paris = new WeatherService.Place("Paris", "FR");
      System.out.println(app.weather().forecast(paris, 3)); // computed
      System.out.println(app.weather().forecast(paris, 3)); // from the cache
      System.out.println("calls that reached the service: " + app.service().calls());
    }
  }
}
