package dev.kaju.internal;

import dev.kaju.spi.UnsignedCounter;
import org.jspecify.annotations.Nullable;

/**
 * Stands for a cached {@code null}: backends never hold {@code null}, so a method result or a
 * {@code set} of {@code null} is stored as this marker and read back as {@code null}.
 */
public enum NullValue {
  INSTANCE;

  /** Wraps {@code null} in the marker. */
  public static Object wrap(@Nullable Object value) {
    return value == null ? INSTANCE : value;
  }

  /**
   * What a caller of {@code get} sees for a stored value: the marker unwrapped to {@code null}, and
   * an {@link UnsignedCounter} (a counter read while a secret is set) as its {@code Long}.
   */
  public static @Nullable Object unwrap(@Nullable Object stored) {
    if (stored == INSTANCE) {
      return null;
    }
    return stored instanceof UnsignedCounter ? (Object) ((UnsignedCounter) stored).value() : stored;
  }
}
