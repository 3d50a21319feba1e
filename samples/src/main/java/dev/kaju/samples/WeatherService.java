package dev.kaju.samples;

import dev.kaju.annotation.Cached;
import java.util.concurrent.CompletableFuture;

/** A slow service the sample caches: Kaju generates {@code WeatherServiceCached} from it. */
@Cached(ttl = "10m")                                 // defaults for every method
public interface WeatherService {

  /** A city and the unit to report in. */
  record Place(String city, String country) {}

  @Cached(key = "forecast:{place.country:lower}:{place.city:lower}:{days}")
  String forecast(Place place, int days);

  @Cached(ttl = "30s", key = "now:{city:lower}")
  CompletableFuture<Double> temperature(String city);
}
