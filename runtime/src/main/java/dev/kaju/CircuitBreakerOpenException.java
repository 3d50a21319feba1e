package dev.kaju;

/** A call of a {@code @CircuitBreaker} method while its breaker is open; the method did not run. */
public class CircuitBreakerOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CircuitBreakerOpenException(String message) {
    super(message);
  }
}
