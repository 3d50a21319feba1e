package dev.kaju.internal.chronicle;

import dev.kaju.Ticker;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.Option;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Backend configurations for tests that build a disk backend without the {@code Cache} facade. */
final class DiskConfigs {
  private DiskConfigs() {}

  /** The factory's defaults, {@code directory}, no background purge, then {@code options} as name/value pairs. */
  static BackendConfig config(Path dir, Clock clock, String... options) {
    ChronicleBackendFactory factory = new ChronicleBackendFactory();
    Map<String, Object> values = new HashMap<>();
    for (Option o : factory.options()) {
      if (o.defaultValue() != null) {
        values.put(o.name(), o.parse(o.defaultValue()));
      }
    }
    values.put("directory", dir.toString());
    values.put("check_interval", Duration.ZERO);
    for (int i = 0; i < options.length; i += 2) {
      String name = options[i];
      Option option = factory.options().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
      values.put(name, option.parse(options[i + 1]));
    }
    return new BackendConfig("disk", "disk://", null, -1, "", null, values, Ticker.system(), clock);
  }

  static ChronicleBackend backend(Path dir, Clock clock, String... options) {
    return (ChronicleBackend) new ChronicleBackendFactory().create(config(dir, clock, options));
  }
}
