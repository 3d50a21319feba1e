package dev.kaju.support;

import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: where a {@link GeneratedCodec} writes a value's components, in the
 * order of the record's components. Kaju's binary format provides the one implementation; a
 * component of a primitive type is written with its own method, any other through its {@link
 * ValueShape}.
 *
 * <pre>{@code
 * public void writeBody(ValueWriter out, User value) {
 *   out.writeLong(value.id());
 *   out.write(Shapes.STRING, value.name());
 *   out.write(ROLES, value.roles());          // Shapes.list(RoleCodec.INSTANCE)
 * }
 * }</pre>
 */
public abstract class ValueWriter {
  /** The deepest nesting written; deeper means a value contains itself. */
  public static final int MAX_DEPTH = 100;

  private int depth;

  protected ValueWriter() {}

  /** Writes {@code value} as {@code shape} writes it. */
  public final <T> void write(ValueShape<T> shape, @Nullable T value) {
    shape.write(this, value);
  }

  /**
   * The body of {@code value} by {@code codec}, one level deeper: what the format calls for a
   * value it stores with its type (generated code writes {@code out.write(codec, value)}).
   */
  public final <T> void nested(GeneratedCodec<T> codec, T value) {
    if (++depth > MAX_DEPTH) {
      depth = 0;
      throw new IllegalArgumentException(
          "cannot encode a " + codec.type().getName() + " nested more than " + MAX_DEPTH + " levels deep (does it contain itself?)");
    }
    try {
      codec.writeBody(this, value);
    } finally {
      depth--;
    }
  }

  /** The current nesting depth, for the format's own values inside a generated one. */
  protected final int depth() {
    return depth;
  }

  /** Sets the nesting depth when the format enters a generated value. */
  protected final void depth(int depth) {
    this.depth = depth;
  }

  public abstract void writeBoolean(boolean value);

  public abstract void writeByte(byte value);

  public abstract void writeShort(short value);

  public abstract void writeChar(char value);

  public abstract void writeInt(int value);

  public abstract void writeLong(long value);

  public abstract void writeFloat(float value);

  public abstract void writeDouble(double value);

  /** A whole number known to be at least 0 (a size, an index), in as few bytes as it needs. */
  public abstract void writeUnsigned(long value);

  /** Any value of a type the binary format knows, with its type tag ({@code null} too). */
  public abstract void writeAny(@Nullable Object value);

  /** Whether a value follows ({@code false}: it is {@code null}). */
  public final void writePresent(boolean present) {
    writeBoolean(present);
  }
}
