package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.BackendContract;
import dev.kaju.contract.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("disk backend: the command contract")
class ChronicleContractTest extends BackendContract {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  @Override
  protected Cache newCache() {
    return Cache.create()
        .setup("disk://?entries=10000&check_interval=0", Settings.builder().clock(clock).option("directory", dir.toString()).build());
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }
}
