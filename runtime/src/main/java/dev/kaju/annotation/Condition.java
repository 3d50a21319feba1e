package dev.kaju.annotation;

/** Which results of a cached method are stored. */
public enum Condition {
  /** Every result, {@code null} included (cashews' default). */
  ANY,
  /** Every result but {@code null} (cashews' {@code NOT_NONE}). */
  NOT_NULL
}
