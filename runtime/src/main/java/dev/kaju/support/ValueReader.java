package dev.kaju.support;

import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: where a {@link GeneratedCodec} reads a value's components back, in the
 * order they were written. Every read checks the bytes left and throws {@link
 * MalformedValueException} when they do not hold what it expects, so crafted bytes are a miss,
 * never a wrong value or a large allocation.
 *
 * <pre>{@code
 * public User readBody(ValueReader in) {
 *   long id = in.readLong();
 *   String name = in.read(Shapes.STRING);
 *   List<Role> roles = in.read(ROLES);
 *   return new User(id, name, roles);
 * }
 * }</pre>
 */
public abstract class ValueReader {
  private int depth;

  protected ValueReader() {}

  /** Reads a value as {@code shape} wrote it. */
  public final <T> @Nullable T read(ValueShape<T> shape) {
    return shape.read(this);
  }

  /**
   * The body of a {@code codec} value, one level deeper: what the format calls for a value stored
   * with its type (generated code reads {@code in.read(codec)}).
   */
  public final <T> T nested(GeneratedCodec<T> codec) {
    if (++depth > ValueWriter.MAX_DEPTH) {
      throw malformed("nested more than " + ValueWriter.MAX_DEPTH + " levels deep");
    }
    try {
      return codec.readBody(this);
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

  public abstract boolean readBoolean();

  public abstract byte readByte();

  public abstract short readShort();

  public abstract char readChar();

  public abstract int readInt();

  public abstract long readLong();

  public abstract float readFloat();

  public abstract double readDouble();

  /** What {@link ValueWriter#writeUnsigned} wrote. */
  public abstract long readUnsigned();

  /**
   * A collection's size as the shapes write it ({@code size + 1}; {@code 0} for {@code null}):
   * {@code -1} for {@code null}, else the size, checked against the bytes left for items of at
   * least {@code minBytes} each, so a crafted size larger than the payload fails here, before
   * anything is allocated for it.
   */
  public abstract int readCount(int minBytes);

  /** A value {@link ValueWriter#writeAny} wrote: only types the binary format knows, never a class by name. */
  public abstract @Nullable Object readAny();

  /** What {@link ValueWriter#writePresent} wrote. */
  public final boolean readPresent() {
    return readBoolean();
  }

  /** The exception for bytes that are not what the codec expects, naming where. */
  public abstract MalformedValueException malformed(String reason);
}
