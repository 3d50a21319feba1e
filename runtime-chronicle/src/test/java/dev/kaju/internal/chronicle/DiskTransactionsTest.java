package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.TransactionMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Transactions across processes: two JVMs on one disk directory, each running 2,000 transactions of incr. */
@DisplayName("disk backend: transactions in two JVMs")
class DiskTransactionsTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = TransactionMode.class, names = {"LOCKED", "SERIALIZABLE"})
  @DisplayName("two JVMs each running 2,000 incr transactions on one key end at exactly 4,000")
  void twoJvms(TransactionMode mode) throws Exception {
    try (Cache cache = Cache.create().setup("disk://?entries=10000&directory=" + dir)) {
      cache.set("ready", "yes"); // the files exist before the children open them
      Process a = TransactionChild.start(dir, mode, 2000);
      Process b = TransactionChild.start(dir, mode, 2000);
      for (Process p : new Process[] {a, b}) {
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("a child finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("done");
      }
      assertThat(cache.incr("counter", 0)).isEqualTo(4000);
      assertThat(cache.isLocked(":tx_lock:counter")).isFalse();
      assertThat(cache.isLocked(":serializable:lock")).isFalse();
    }
  }
}
