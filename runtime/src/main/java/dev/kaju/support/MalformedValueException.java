package dev.kaju.support;

/**
 * Stored bytes that a generated codec cannot read: truncated, a count larger than the bytes left,
 * an enum constant or a subtype index out of range, a value of another type. The cache turns it
 * into a miss with a logged warning; it never reaches the caller of a cached method.
 */
public final class MalformedValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedValueException(String reason) {
    super(reason, null, false, false);
  }

  public MalformedValueException(String reason, Throwable cause) {
    super(reason, cause, false, true);
  }
}
