package dev.kaju;

/**
 * How a {@linkplain Cache#transaction(TransactionMode) cache transaction} keeps others out
 * (cashews' transaction modes).
 */
public enum TransactionMode {
  /**
   * Writes are buffered and applied at commit, with no locks: two transactions writing one key
   * both commit, the last one winning, and a read-modify-write ({@code incr}) can lose an update.
   */
  FAST,
  /**
   * The default: the first write of each key (and each {@code incr}, before it reads) takes a lock
   * on that key in the backend, {@code :tx_lock:<key>}, held until commit or rollback, so two
   * transactions touching one key run one after the other, across processes too. Reads take no
   * lock.
   */
  LOCKED,
  /** One transaction at a time per cache: a lock {@code :serializable:lock} held from the start to the end. */
  SERIALIZABLE
}
