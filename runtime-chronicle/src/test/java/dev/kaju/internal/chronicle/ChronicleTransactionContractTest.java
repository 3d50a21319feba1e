package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.TransactionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** The transaction contract on disk://; the isolation test runs two caches on one directory, as two processes would. */
@DisplayName("disk backend: the transaction contract")
class ChronicleTransactionContractTest extends TransactionContract {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  @Override
  protected Cache newCache() {
    return Cache.create().setup("disk://?entries=10000", Settings.builder().option("directory", dir.toString()).build());
  }

  @Override
  protected Cache sameStore() {
    return newCache();
  }

  @Override
  protected boolean commitIsAllOrNothing() {
    return true; // one update holding the write locks of every key's segment
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a reader sees a whole commit or none of it")
  void readersSeeWholeCommits() throws Exception {
    assertReadersSeeWholeCommits();
  }
}
