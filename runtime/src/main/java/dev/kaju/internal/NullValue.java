package dev.kaju.internal;

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

  /** Unwraps the marker to {@code null}. */
  public static @Nullable Object unwrap(@Nullable Object stored) {
    return stored == INSTANCE ? null : stored;
  }
}
