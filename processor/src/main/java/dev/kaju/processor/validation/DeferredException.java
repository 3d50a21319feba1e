package dev.kaju.processor.validation;

/** A type the interface needs is not generated yet: validate it again in the next round. */
public final class DeferredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeferredException() {
    super(null, null, false, false);
  }
}
