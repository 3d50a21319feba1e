package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailureLogTest {
  /** Keeps what was logged. */
  static final class Capture implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "capture";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      lines.add(msgSupplier.get());
    }
  }

  @Test
  @DisplayName("an outage logs once per interval, counting the warnings it skipped")
  void oncePerInterval() {
    Capture capture = new Capture();
    FailureLog log = new FailureLog(capture, Duration.ofMillis(200));
    for (int i = 0; i < 1000; i++) {
      log.warn("get failed", null);
    }
    assertThat(capture.lines).containsExactly("get failed");
    RedisServer.sleep(250);
    log.warn("get failed", null);
    assertThat(capture.lines).containsExactly("get failed", "get failed (and 999 more since the last report)");
  }
}
