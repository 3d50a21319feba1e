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
 *   out.writeLong("id", value.id());
 *   out.write("name", Shapes.STRING, value.name());
 *   out.write("roles", ROLES, value.roles());          // Shapes.list(RoleCodec.INSTANCE)
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

  /** The component {@code field}: {@code value} as {@code shape} writes it. */
  public final <T> void write(String field, ValueShape<T> shape, @Nullable T value) {
    field(field);
    shape.write(this, value);
  }

  public final void writeBoolean(String field, boolean value) {
    field(field);
    writeBoolean(value);
  }

  public final void writeByte(String field, byte value) {
    field(field);
    writeByte(value);
  }

  public final void writeShort(String field, short value) {
    field(field);
    writeShort(value);
  }

  public final void writeChar(String field, char value) {
    field(field);
    writeChar(value);
  }

  public final void writeInt(String field, int value) {
    field(field);
    writeInt(value);
  }

  public final void writeLong(String field, long value) {
    field(field);
    writeLong(value);
  }

  public final void writeFloat(String field, float value) {
    field(field);
    writeFloat(value);
  }

  public final void writeDouble(String field, double value) {
    field(field);
    writeDouble(value);
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

  /** Names the component written next (JSON writes it; the binary format, which writes components in order, does not). */
  public abstract void field(String name);

  /**
   * Starts a record's body, or writes its {@code null} ({@code present == false}, and then
   * nothing else follows for it); {@link #endRecord} closes a present one.
   */
  public abstract void beginRecord(boolean present);

  /** Closes what {@link #beginRecord beginRecord(true)} started. */
  public abstract void endRecord();

  /** An enum constant (the binary format writes its position, JSON its name); {@code -1} and {@code null} for a {@code null}. */
  public abstract void writeEnum(int ordinal, @Nullable String name);

  /** Which permitted subtype of a sealed type follows: its position among them and its simple name. */
  public abstract void writeSubtype(int index, String name);

  /** Starts {@code size} elements ({@code -1}: a {@code null} collection, and nothing follows); {@link #endElements} closes them. */
  public abstract void beginElements(int size);

  /** Closes what {@link #beginElements} started with a size of 0 or more. */
  public abstract void endElements();

  /** A value of a type the format knows (a boxed number, {@code java.time}, {@code UUID}, {@code byte[]}, ...), or {@code null}. */
  public abstract void writeValue(Class<?> type, @Nullable Object value);

  /** Any value the format knows, with its type tag ({@code null} too): a component typed by a type variable or {@code Object}. */
  public abstract void writeAny(@Nullable Object value);
}
