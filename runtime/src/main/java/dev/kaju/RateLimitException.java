package dev.kaju;

/** A call over the limit of a {@code @RateLimit} or {@code @SliceRateLimit} method; the method did not run. */
public class RateLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(String message) {
    super(message);
  }
}
