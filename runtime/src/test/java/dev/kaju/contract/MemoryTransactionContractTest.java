package dev.kaju.contract;

import dev.kaju.Cache;
import org.junit.jupiter.api.DisplayName;

@DisplayName("memory backend: the transaction contract")
class MemoryTransactionContractTest extends TransactionContract {
  @Override
  protected Cache newCache() {
    return Cache.create().setup("mem://");
  }

  @Override
  protected Cache sameStore() {
    return cache;
  }

  @Override
  protected boolean commitIsAllOrNothing() {
    return true; // its increments are checked before anything is written
  }
}
