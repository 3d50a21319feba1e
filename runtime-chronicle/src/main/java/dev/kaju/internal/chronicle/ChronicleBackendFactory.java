package dev.kaju.internal.chronicle;

import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import dev.kaju.spi.ValueCodec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code disk://?directory=/var/cache/app&entries=100000} (alias {@code chronicle://}): the disk
 * backend on Chronicle Map.
 */
public final class ChronicleBackendFactory implements BackendFactory {
  static final Option DIRECTORY =
      Option.of(
          "directory",
          Option.Type.STRING,
          null,
          "the folder of the cache files (created if missing); required. Processes giving the same folder share"
              + " the cache");
  static final Option ENTRIES =
      Option.of(
          "entries",
          Option.Type.POSITIVE_LONG,
          "100000",
          "maximum number of keys; past it the least recently used (expired first) are evicted");
  static final Option AVERAGE_KEY_SIZE =
      Option.of("average_key_size", Option.Type.POSITIVE_LONG, "32", "expected average key size in bytes (UTF-8)");
  static final Option AVERAGE_VALUE_SIZE =
      Option.of(
          "average_value_size",
          Option.Type.POSITIVE_LONG,
          "256",
          "expected average size in bytes of a stored value (as the codec writes it)");
  static final Option CHECK_INTERVAL =
      Option.of(
          "check_interval",
          Option.Type.DURATION_OR_ZERO,
          "10s",
          "how often expired entries are purged in the background; 0 switches the purge off");

  static final Option SUPPRESS =
      Option.of(
          "suppress",
          Option.Type.BOOLEAN,
          "true",
          "true: a failure of the mapped file (disk full, damaged file) is a miss or a dropped write and a"
              + " rate-limited warning; false: it throws CacheBackendException");

  static {
    // Before any Chronicle class initialises: no usage analytics and no banner from a cache library.
    if (System.getProperty("chronicle.analytics.disable") == null) {
      System.setProperty("chronicle.analytics.disable", "true");
    }
    if (System.getProperty("chronicle.announcer.disable") == null) {
      System.setProperty("chronicle.announcer.disable", "true");
    }
  }

  @Override
  public Set<String> schemes() {
    return Set.of("disk", "chronicle");
  }

  @Override
  public List<Option> options() {
    List<Option> options = new ArrayList<>(List.of(DIRECTORY, ENTRIES, AVERAGE_KEY_SIZE, AVERAGE_VALUE_SIZE, CHECK_INTERVAL, SUPPRESS));
    options.addAll(ValueCodec.options());
    return List.copyOf(options);
  }

  @Override
  public Backend create(BackendConfig config) {
    String scheme = config.scheme();
    String directory = config.stringOption(DIRECTORY.name());
    if (config.host() != null || !config.path().isEmpty()) {
      throw new IllegalArgumentException(
          scheme + ":// takes its folder in the directory option, not in the URL path ('" + config.address()
              + "'); write " + scheme + "://?directory=/var/cache/app");
    }
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException(
          scheme + ":// needs the option directory, the folder of the cache files: "
              + scheme + "://?directory=/var/cache/app, or Settings.builder().option(\"directory\", ...)");
    }
    Path dir;
    try {
      dir = Path.of(directory);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("bad value '" + directory + "' for option directory: " + e.getMessage(), e);
    }
    ValueCodec codec = ValueCodec.from(config);
    checkJvmFlags();
    DiskStore store =
        DiskStore.open(
            dir,
            new DiskStore.Params(
                config.longOption(ENTRIES.name()),
                config.longOption(AVERAGE_KEY_SIZE.name()),
                config.longOption(AVERAGE_VALUE_SIZE.name())));
    return new ChronicleBackend(
        store, codec, config.clock(), config.durationOption(CHECK_INTERVAL.name()), config.booleanOption(SUPPRESS.name()));
  }

  private static void checkJvmFlags() {
    Module chronicle;
    try {
      // a class literal loads ChronicleMap without initialising it (no reflection)
      chronicle = net.openhft.chronicle.map.ChronicleMap.class.getModule();
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "disk:// needs Chronicle Map on the class path: add net.openhft:chronicle-map (kaju-runtime-chronicle depends on it)",
          e);
    }
    if (!Boolean.getBoolean("kaju.disk.skipJvmFlagCheck")) {
      JvmFlags.check(chronicle);
    }
  }
}
