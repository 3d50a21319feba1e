package dev.kaju;

/** A backend failed to run a command (it is down, slow past its timeout, or refused the command). */
public class CacheBackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CacheBackendException(String message) {
    super(message);
  }

  public CacheBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
