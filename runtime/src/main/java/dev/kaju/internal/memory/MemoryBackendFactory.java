package dev.kaju.internal.memory;

import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import java.util.List;
import java.util.Set;

/** {@code mem://?size=1000&check_interval=1s}: the in-memory backend on Caffeine. */
public final class MemoryBackendFactory implements BackendFactory {
  static final Option SIZE =
      Option.of("size", Option.Type.POSITIVE_LONG, "1000", "maximum number of entries");
  static final Option CHECK_INTERVAL =
      Option.of(
          "check_interval",
          Option.Type.DURATION_OR_ZERO,
          "1s",
          "how often expired entries are purged in the background; 0 switches the sweep off");

  @Override
  public Set<String> schemes() {
    return Set.of("mem");
  }

  @Override
  public List<Option> options() {
    return List.of(SIZE, CHECK_INTERVAL);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new MemoryBackend(
        config.longOption(SIZE.name()), config.durationOption(CHECK_INTERVAL.name()), config.ticker(),
        null, config.scheduler());
  }
}
