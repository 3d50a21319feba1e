package dev.kaju.samples.wiring;

import dagger.Component;
import dev.kaju.Cache;
import dev.kaju.samples.SlowWeatherService;
import dev.kaju.samples.WeatherService;
import javax.inject.Singleton;

/** The Dagger component: Dagger generates {@code DaggerWeatherComponent}, Kaju {@code WeatherServiceCached}. */
@Singleton
@Component(modules = WeatherModule.class)
public interface WeatherComponent {
  WeatherService weather();

  SlowWeatherService service();

  Cache cache();
}
