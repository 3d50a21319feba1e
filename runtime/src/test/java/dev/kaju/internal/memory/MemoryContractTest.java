package dev.kaju.internal.memory;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.BackendContract;
import dev.kaju.contract.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("memory backend: the command contract")
class MemoryContractTest extends BackendContract {
  private final FakeTicker ticker = new FakeTicker();

  @Override
  protected Cache newCache() {
    return Cache.create().setup("mem://?size=10000", Settings.builder().ticker(ticker).build());
  }

  @Override
  protected void elapse(Duration d) {
    ticker.advance(d);
  }
}
