package dev.kaju.internal.codec;

import org.jspecify.annotations.Nullable;

/** Stored bytes that cannot be read; the message is the reason the warning gives. */
public final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadValueException(String reason) {
    super(reason, null, false, false);
  }

  public BadValueException(String reason, @Nullable Throwable cause) {
    super(reason, cause, false, true);
  }
}
