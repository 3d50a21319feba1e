package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.internal.redis.generated.Orders;
import dev.kaju.internal.redis.generated.Orders.Card;
import dev.kaju.internal.redis.generated.Orders.Invoice;
import dev.kaju.internal.redis.generated.Orders.Line;
import dev.kaju.internal.redis.generated.Orders.Order;
import dev.kaju.internal.redis.generated.Orders.Status;
import dev.kaju.internal.redis.generated.OrdersCached;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records, enums and a sealed interface stored in Redis (plain, with a secret, and through the near
 * cache) with the codecs the processor wrote: no {@code Codecs.register} anywhere.
 */
@DisplayName("Generated codecs on Redis")
class RedisGeneratedValuesTest {
  private static RedisServer server;
  private final AtomicInteger calls = new AtomicInteger();

  private final Orders real = new Orders() {
    @Override
    public Order order(long id) {
      calls.incrementAndGet();
      return make(id);
    }

    @Override
    public List<Order> byStatus(Status status) {
      calls.incrementAndGet();
      List<Order> out = new ArrayList<>();
      for (long i = 0; i < 50; i++) {
        out.add(make(i));
      }
      return out;
    }

    @Override
    public CompletableFuture<Order> orderAsync(long id) {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(make(id));
    }
  };

  static Order make(long id) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("gift", "yes");
    notes.put("empty", null);
    return new Order(
        id,
        Status.values()[(int) (id % 3)],
        List.of(new Line("sku-" + id, 2, new BigDecimal("19.90")), new Line("other", 1, BigDecimal.ZERO)),
        id % 3 == 0 ? Optional.empty() : Optional.of(id % 3 == 1
            ? new Card("4242", Instant.parse("2030-01-01T00:00:00Z"))
            : new Invoice("INV-" + id, 30)),
        notes);
  }

  @BeforeAll
  static void start() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void flush() {
    try (Cache c = Cache.create().setup(server.url())) {
      c.clear();
    }
  }

  @ParameterizedTest(name = "options ''{0}''")
  @ValueSource(strings = {"", "?secret=s3cret", "?client_side=true"})
  @DisplayName("each value is read back from Redis equal to what the method made; the method runs once per key")
  void roundTrips(String options) {
    try (Cache cache = Cache.create().setup(server.url() + options)) {
      Orders orders = new OrdersCached(real, cache);
      for (long id = 0; id < 3; id++) {
        assertThat(orders.order(id)).isEqualTo(make(id));
        assertThat(orders.order(id)).isEqualTo(make(id));
      }
      assertThat(calls).hasValue(3);
      assertThat(orders.byStatus(Status.OPEN)).hasSize(50).isEqualTo(orders.byStatus(Status.OPEN));
      assertThat(orders.orderAsync(7).join()).isEqualTo(make(7));
      // an async method's result is stored after its future completes: wait for it (bounded) before the hit
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (!cache.exists("async:7") && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(orders.orderAsync(7).join()).isEqualTo(make(7));
      assertThat(calls).hasValue(5);
      Object plain = cache.get("order:1");
      assertThat(plain).as("a plain get decodes it too").isEqualTo(make(1));
    }
  }
}
