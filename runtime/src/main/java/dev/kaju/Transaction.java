package dev.kaju;

/**
 * A cache transaction on the thread that opened it ({@link Cache#transaction(TransactionMode)}).
 * Until it commits, {@code set}, {@code setMany}, {@code delete}, {@code deleteMany}, {@code
 * deleteMatch}, {@code incr} and {@code expire} on this cache from this thread are kept in a buffer:
 * reads on this thread see them, nobody else does. {@link #commit()} applies them; {@link
 * #rollback()}, or closing without committing, discards them.
 *
 * <pre>{@code
 * try (Transaction tx = cache.transaction(TransactionMode.LOCKED)) {
 *   cache.incr("stock:42", -1);
 *   cache.set("order:7", order);
 *   tx.commit();
 * } // closed without commit(): rolled back, as a JDBC connection does
 * }</pre>
 *
 * Java's {@code close()} cannot see the exception that ends a {@code try} block, so a scope
 * closed without {@code commit()} rolls back, whatever the reason; {@link
 * Cache#transaction(TransactionMode, Runnable)} commits when its body returns and rolls back when
 * it throws. A transaction opened while another is open on the thread joins it: its {@code
 * commit()} and {@code close()} leave the outer one to decide, and its {@code rollback()} makes the
 * outer one roll back.
 */
public interface Transaction extends Cache.Scope {

  /**
   * Applies the buffered writes, then releases the locks.
   *
   * @throws TransactionTimeoutException when the transaction outlived its timeout: it was rolled back
   * @throws IllegalStateException when it already ended, or a joined scope rolled it back (it is rolled back)
   */
  void commit();

  /** Discards the buffered writes and releases the locks; nothing when it already ended. */
  void rollback();

  /** The mode it was opened with. */
  TransactionMode mode();

  /** Rolls back unless committed. */
  @Override
  void close();
}
