package dev.kaju.samples.behaviour;

import dev.kaju.TransactionMode;
import dev.kaju.annotation.CacheTransaction;
import dev.kaju.annotation.Cached;
import java.util.concurrent.CompletableFuture;

/** @CacheTransaction through the generated CheckoutCached: the cache writes of a call follow its fate. */
public interface Checkout {

  @CacheTransaction
  String place(String order);

  @CacheTransaction(mode = TransactionMode.SERIALIZABLE, timeout = "2s")
  void cancel(String order);

  @CacheTransaction(mode = TransactionMode.FAST)
  CompletableFuture<String> placeAsync(String order);

  @CacheTransaction
  @Cached(ttl = "1m", key = "quote:{order}")
  String quote(String order);
}
