package dev.kaju.contract;

import dev.kaju.Cache;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;

@DisplayName("memory backend: the strategy contract")
class MemoryStrategyContractTest extends StrategyContract {
  @Override
  protected Cache newCache(FakeClock clock, Executor background) {
    return Cache.create().setup("mem://", Settings.builder().ticker(clock).clock(clock).executor(background).build());
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
  }
}
