package dev.kaju.internal.codec;

import dev.kaju.Ticker;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds codecs from option text and records what they log. */
final class CodecFixture {
  private CodecFixture() {}

  /**
   * A backend config holding {@code options}, each {@code name=value}, parsed by the codec option of
   * that name as the setup does (so {@code java_maxrefs=-3} fails here, with the setup's message).
   */
  static BackendConfig config(String... options) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String option : options) {
      int eq = option.indexOf('=');
      String name = option.substring(0, eq);
      String value = option.substring(eq + 1);
      map.put(name, CodecOptions.ALL.stream().filter(o -> o.name().equals(name)).findFirst()
          .map(o -> o.parse(value)).orElse(value));
    }
    return new BackendConfig("redis", "redis://localhost:6379", "localhost", 6379, "", null, map, Ticker.system(), java.time.Clock.systemUTC());
  }

  /** A codec built from {@code options}, logging to {@code logger}. */
  static ValueCodec codec(CountingLogger logger, String... options) {
    return CodecOptions.codec(
        config(options), new RateLimitedLog(logger, Duration.ofSeconds(10)), binary -> new JsonFormat(binary));
  }

  /** A codec built from {@code options}, logging nowhere. */
  static ValueCodec codec(String... options) {
    return codec(new CountingLogger(), options);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A System.Logger that keeps every message. */
  static final class CountingLogger implements System.Logger {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      messages.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      messages.add(format);
    }
  }
}
