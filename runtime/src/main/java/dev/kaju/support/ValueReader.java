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
 *   long id = in.readLong("id");
 *   String name = in.read("name", Shapes.STRING);
 *   List<Role> roles = in.read("roles", ROLES);
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

  /** The component {@code field}, as {@code shape} wrote it. */
  public final <T> @Nullable T read(String field, ValueShape<T> shape) {
    field(field);
    return shape.read(this);
  }

  public final boolean readBoolean(String field) {
    field(field);
    return readBoolean();
  }

  public final byte readByte(String field) {
    field(field);
    return readByte();
  }

  public final short readShort(String field) {
    field(field);
    return readShort();
  }

  public final char readChar(String field) {
    field(field);
    return readChar();
  }

  public final int readInt(String field) {
    field(field);
    return readInt();
  }

  public final long readLong(String field) {
    field(field);
    return readLong();
  }

  public final float readFloat(String field) {
    field(field);
    return readFloat();
  }

  public final double readDouble(String field) {
    field(field);
    return readDouble();
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

  /** Checks that the component {@code name} comes next (JSON; the binary format reads components in order). */
  public abstract void field(String name);

  /** What {@link ValueWriter#beginRecord} wrote: {@code false} for a {@code null}, else a body follows, closed by {@link #endRecord}. */
  public abstract boolean beginRecord();

  /** Checks the end of a record's body. */
  public abstract void endRecord();

  /** The position of the enum constant {@link ValueWriter#writeEnum} wrote, checked against {@code constants}; {@code -1} for a {@code null}. */
  public abstract int readEnum(Enum<?>[] constants);

  /** The position of the subtype {@link ValueWriter#writeSubtype} wrote, checked against the subtypes' simple {@code names}. */
  public abstract int readSubtype(String[] names);

  /**
   * What {@link ValueWriter#beginElements} wrote: {@code -1} for {@code null}; the number of
   * elements, checked against the bytes left for elements of at least {@code minBytes} each (so a
   * crafted size larger than the payload fails here, before anything is allocated for it); or
   * {@link #UNKNOWN_SIZE} when the format does not store it (JSON), and then {@link #hasMore}
   * says when they end.
   */
  public abstract int beginElements(int minBytes);

  /** {@link #beginElements} for a format that does not store the number of elements. */
  public static final int UNKNOWN_SIZE = -2;

  /** After {@link #beginElements} returned {@link #UNKNOWN_SIZE}: whether another element follows. */
  public abstract boolean hasMore();

  /** Checks the end of the elements. */
  public abstract void endElements();

  /** A value {@link ValueWriter#writeValue} wrote, checked to be a {@code type}. */
  public abstract <T> @Nullable T readValue(Class<T> type);

  /** A value {@link ValueWriter#writeAny} wrote: only types the format knows, never a class by name. */
  public abstract @Nullable Object readAny();

  /** The exception for bytes that are not what the codec expects, naming where. */
  public abstract MalformedValueException malformed(String reason);
}
