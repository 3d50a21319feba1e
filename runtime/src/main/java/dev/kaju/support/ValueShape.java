package dev.kaju.support;

import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: how one static type is written and read, nested to any depth. The
 * processor writes a {@link GeneratedCodec} for each record, enum and sealed interface a cached
 * method returns, and composes the shapes of {@link Shapes} for the rest ({@code List<Address>} is
 * {@code Shapes.list(AddressCodec.INSTANCE)}), so a component whose type is known at compile time is
 * written without a type tag and read back with its type checked.
 *
 * <p>A shape handles {@code null} itself: every shape can write and read one.
 *
 * @param <T> the type this shape writes
 */
public abstract class ValueShape<T> {

  /** Writes {@code value}, which may be {@code null}. */
  public abstract void write(ValueWriter out, @Nullable T value);

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws MalformedValueException when the bytes are not a {@code T} (truncated, a count larger
   *     than the bytes left, an unknown constant): the read is then a miss
   */
  public abstract @Nullable T read(ValueReader in);
}
