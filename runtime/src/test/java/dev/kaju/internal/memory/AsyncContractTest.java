package dev.kaju.internal.memory;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.AsyncOverSync;
import dev.kaju.contract.BackendContract;
import dev.kaju.contract.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The command contract through {@code cache.async()}: inline on memory, and through the async pipeline. */
class AsyncContractTest {

  @Nested
  @DisplayName("memory backend through cache.async(): the command contract")
  class Memory extends BackendContract {
    private final FakeTicker ticker = new FakeTicker();

    @Override
    protected Cache newCache() {
      return AsyncOverSync.over(Cache.create().setup("mem://?size=10000", Settings.builder().ticker(ticker).build()));
    }

    @Override
    protected void elapse(Duration d) {
      ticker.advance(d);
    }
  }

  @Nested
  @DisplayName("a backend doing I/O (iomem) through cache.async(), on the async pipeline: the command contract")
  class Io extends BackendContract {
    private final FakeTicker ticker = new FakeTicker();

    @Override
    protected Cache newCache() {
      return AsyncOverSync.over(Cache.create().setup("iomem://?size=10000", Settings.builder().ticker(ticker).build()));
    }

    @Override
    protected void elapse(Duration d) {
      ticker.advance(d);
    }
  }

  @Nested
  @DisplayName("a backend doing I/O (iomem), synchronously: the command contract")
  class IoSync extends BackendContract {
    private final FakeTicker ticker = new FakeTicker();

    @Override
    protected Cache newCache() {
      return Cache.create().setup("iomem://?size=10000", Settings.builder().ticker(ticker).build());
    }

    @Override
    protected void elapse(Duration d) {
      ticker.advance(d);
    }
  }
}
