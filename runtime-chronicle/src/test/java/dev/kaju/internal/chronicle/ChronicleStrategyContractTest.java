package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.StrategyContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("disk backend: the strategy contract")
class ChronicleStrategyContractTest extends StrategyContract {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  @Override
  protected Cache newCache(FakeClock clock, Executor background) {
    return Cache.create().setup("disk://?entries=10000&check_interval=0",
        Settings.builder().ticker(clock).clock(clock).executor(background).option("directory", dir.toString()).build());
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }
}
