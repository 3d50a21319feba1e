package dev.kaju.samples.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.samples.WeatherService;
import dev.kaju.samples.WeatherServiceCached;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each wiring sample builds the cached service, and a second call is answered by the cache. */
@DisplayName("wiring samples: plain new and Dagger @Provides")
class WiringTest {
  private static final WeatherService.Place PARIS = new WeatherService.Place("Paris", "FR");

  @Test
  @DisplayName("plain new: the generated class around the service; the second call is a hit")
  void plain() {
    try (PlainWiring app = new PlainWiring()) {
      assertThat(app.weather()).isInstanceOf(WeatherServiceCached.class);
      assertThat(app.weather().forecast(PARIS, 3)).isEqualTo("3 days of sun in Paris");
      assertThat(app.weather().forecast(PARIS, 3)).isEqualTo("3 days of sun in Paris");
      assertThat(app.service().calls()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("Dagger @Provides: one Cache and one cached service per component; the second call is a hit")
  void dagger() {
    WeatherComponent component = DaggerWeatherComponent.create();
    try {
      assertThat(component.weather()).isInstanceOf(WeatherServiceCached.class).isSameAs(component.weather());
      assertThat(component.cache()).isSameAs(component.cache());
      assertThat(component.weather().forecast(PARIS, 3)).isEqualTo("3 days of sun in Paris");
      assertThat(component.weather().forecast(PARIS, 3)).isEqualTo("3 days of sun in Paris");
      assertThat(component.service().calls()).isEqualTo(1);
      assertThat(component.cache().exists("forecast:fr:paris:3")).isTrue();
    } finally {
      component.cache().close();
    }
  }
}
