package dev.kaju.benchmarks;

import java.util.concurrent.CompletableFuture;

/** The "slow" service; on the hit path it is never called. */
final class RealCatalog implements Catalog {
  @Override
  public String product(long id) {
    return "product-" + id;
  }

  @Override
  public CompletableFuture<String> productAsync(long id) {
    return CompletableFuture.completedFuture(product(id));
  }

  @Override
  public String byEmail(User user) {
    return "user-" + user.id();
  }
}
