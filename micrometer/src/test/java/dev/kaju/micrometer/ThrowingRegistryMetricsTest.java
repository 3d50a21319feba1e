package dev.kaju.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Settings;
import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.AbstractTimer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("KajuMetrics: a meter registry that throws never breaks a cache call")
class ThrowingRegistryMetricsTest {

  /** Throws when a meter is created. */
  static final class FailsToCreate extends SimpleMeterRegistry {
    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      throw new IllegalStateException("no timers today");
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
      throw new IllegalStateException("no counters today");
    }
  }

  /** Creates meters that throw when they record. */
  static final class FailsToRecord extends SimpleMeterRegistry {
    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      return new AbstractTimer(id, Clock.SYSTEM, config, pauseDetector, TimeUnit.SECONDS, false) {
        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
          throw new IllegalStateException("timer broken");
        }

        @Override
        public long count() {
          return 0;
        }

        @Override
        public double totalTime(TimeUnit unit) {
          return 0;
        }

        @Override
        public double max(TimeUnit unit) {
          return 0;
        }
      };
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
      return new BrokenCounter(id);
    }
  }

  static final class BrokenCounter extends AbstractMeter implements Counter {
    BrokenCounter(Meter.Id id) {
      super(id);
    }

    @Override
    public void increment(double amount) {
      throw new UnsupportedOperationException("counter broken");
    }

    @Override
    public double count() {
      return 0;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"create", "record"})
  @DisplayName("every call returns its value, sync and async, and a healthy registry bound beside it still records")
  void callsStand(String failing) throws Exception {
    MeterRegistry broken = failing.equals("create") ? new FailsToCreate() : new FailsToRecord();
    PrometheusMeterRegistry healthy = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KajuMetrics metrics = new KajuMetrics();
    metrics.bindTo(broken);
    metrics.bindTo(healthy);
    for (String url : new String[] {"mem://", "iomem://"}) {
      try (Cache cache = Cache.create().setup(url, Settings.builder().middlewares(metrics.middleware(url)).build())) {
        assertThat(cache.set("a", "1")).isTrue();
        assertThat(cache.<Object>get("a")).isEqualTo("1");
        assertThat(cache.<Object>get("nope")).isNull();
        cache.setMany(Map.of("b", "2"));
        assertThat(cache.getMany("a", "b", "c")).containsExactly("1", "2", null);
        assertThat(cache.exists("a")).isTrue();
        assertThat(cache.async().get("a").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("1");
        assertThat(cache.async().set("c", "3").toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cache.async().get("c").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("3");
        assertThat(cache.delete("a")).isTrue();
      }
    }
    Timer hits = healthy.find("kaju.command").tags("backend", "iomem://", "command", "get", "result", "hit").timer();
    assertThat(hits).isNotNull();
    assertThat(hits.count()).as("the healthy registry records all the same").isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"create", "record"})
  @DisplayName("bound alone, a throwing registry leaves every call as it is")
  void alone(String failing) throws Exception {
    MeterRegistry broken = failing.equals("create") ? new FailsToCreate() : new FailsToRecord();
    KajuMetrics metrics = KajuMetrics.of(broken);
    try (Cache cache = Cache.create().setup("iomem://", Settings.builder().middlewares(metrics.middleware("iomem://")).build())) {
      for (int i = 0; i < 100; i++) {
        assertThat(cache.set("k" + i, i)).isTrue();
        assertThat(cache.<Object>get("k" + i)).isEqualTo(i);
        assertThat(cache.async().get("k" + i).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
    }
  }
}
