package dev.kaju.internal.redis.generated;

import dev.kaju.annotation.Cached;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The application's own types stored in Redis with the codecs the processor wrote (no registration). */
public interface Orders {

  enum Status { OPEN, PAID, SHIPPED }

  sealed interface Payment permits Card, Invoice {}

  record Card(String last4, Instant expires) implements Payment {}

  record Invoice(String number, int days) implements Payment {}

  record Line(String sku, int quantity, BigDecimal price) {}

  record Order(long id, Status status, List<Line> lines, Optional<Payment> payment, Map<String, String> notes) {}

  @Cached(ttl = "1h", key = "order:{id}")
  Order order(long id);

  @Cached(ttl = "1h", key = "orders:{status}")
  List<Order> byStatus(Status status);

  @Cached(ttl = "1h", key = "async:{id}")
  CompletableFuture<Order> orderAsync(long id);
}
