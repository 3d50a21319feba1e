package dev.kaju;

/**
 * A cache transaction ran past its timeout, or waited that long for a lock: it was rolled back and
 * its locks released (cashews raises {@code LockedError}, "probably deadlock or long running
 * transactions").
 */
public class TransactionTimeoutException extends LockedException {
  private static final long serialVersionUID = 1L;

  public TransactionTimeoutException(String message) {
    super(message);
  }
}
