package dev.kaju.samples.wiring;

import dagger.Module;
import dagger.Provides;
import dev.kaju.Cache;
import dev.kaju.samples.SlowWeatherService;
import dev.kaju.samples.WeatherService;
import dev.kaju.samples.WeatherServiceCached;
import javax.inject.Singleton;

/** Dagger: the {@code Cache} is a singleton, and {@code WeatherService} is the generated class around the real one. */
@Module
public final class WeatherModule {
  private WeatherModule() {}

  @Provides
  @Singleton
  static Cache cache() {
    return Cache.create().setup("mem://?size=10000");
  }

  @Provides
  @Singleton
  static SlowWeatherService service() {
    return new SlowWeatherService();
  }

  @Provides
  @Singleton
  static WeatherService weather(SlowWeatherService service, Cache cache) {
    return new WeatherServiceCached(service, cache);
  }
}
