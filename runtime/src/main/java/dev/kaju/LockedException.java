package dev.kaju;

/** A lock could not be taken: another holder has it (and waiting, if asked, ran out). */
public class LockedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockedException(String message) {
    super(message);
  }

  public LockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
