package dev.kaju.support;

import dev.kaju.internal.codec.TypeRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the codec the processor writes for one of the application's types (a
 * record, an enum, a sealed interface, an array of one), so Redis and disk store it with no
 * registration and no reflection. The generated {@code *Cached} class registers its codecs when it
 * loads.
 *
 * <p>A value of a registered type is stored with the type's name and {@linkplain #fingerprint()
 * schema fingerprint}; the body is the components in order, each as its static type's {@link
 * ValueShape} writes it. An entry stored with another fingerprint (the type gained, lost, renamed
 * or retyped a component since, recursively) reads as a miss, logged, and the method recomputes.
 *
 * <pre>{@code
 * static final class UserCodec extends GeneratedCodec<User> {
 *   static final UserCodec INSTANCE = new UserCodec();
 *   private UserCodec() { super(User.class, 0x5ac1b8e0f4a2d317L); }
 *   public void writeBody(ValueWriter out, User value) { out.writeLong(value.id()); out.write(Shapes.STRING, value.name()); }
 *   public User readBody(ValueReader in) { long id = in.readLong(); String name = in.read(Shapes.STRING); return new User(id, name); }
 * }
 * }</pre>
 *
 * @param <T> the type
 */
public abstract class GeneratedCodec<T> extends ValueShape<T> {
  private final Class<T> type;
  private final long fingerprint;
  private final T @Nullable [] constants;
  private final boolean elements;

  /**
   * The codec of a record, a sealed type or an array.
   *
   * @param type the type this codec writes: values of exactly this class use it
   * @param fingerprint the schema fingerprint the processor computed from the type's structure
   */
  protected GeneratedCodec(Class<T> type, long fingerprint) {
    this(type, fingerprint, null, false);
  }

  /**
   * The codec of an enum: written as one of its {@code constants} ({@code Role.values()}), with
   * no body around it.
   */
  protected GeneratedCodec(Class<T> type, long fingerprint, T[] constants) {
    this(type, fingerprint, Objects.requireNonNull(constants, "constants").clone(), false);
  }

  /**
   * The codec of an array stored by itself: its body is the elements, with nothing around them.
   *
   * @param elements {@code true}
   */
  protected GeneratedCodec(Class<T> type, long fingerprint, boolean elements) {
    this(type, fingerprint, null, elements);
  }

  private GeneratedCodec(Class<T> type, long fingerprint, T @Nullable [] constants, boolean elements) {
    this.type = Objects.requireNonNull(type, "type");
    this.fingerprint = fingerprint;
    this.constants = constants;
    this.elements = elements;
  }

  /** The type this codec writes. */
  public final Class<T> type() {
    return type;
  }

  /** The schema fingerprint: a hash of the type's structure (component names and types, recursively; enum constants; subtypes). */
  public final long fingerprint() {
    return fingerprint;
  }

  /**
   * Writes the components of {@code value}, never {@code null}, each after its {@link
   * ValueWriter#field name}.
   */
  public abstract void writeBody(ValueWriter out, T value);

  /**
   * Reads what {@link #writeBody} wrote and builds the value (through its canonical constructor:
   * a constructor that rejects the components makes the read a miss).
   */
  public abstract T readBody(ValueReader in);

  @Override
  public final void write(ValueWriter out, @Nullable T value) {
    if (constants != null) { // an enum: the constant alone
      if (value == null) {
        out.writeEnum(-1, null);
      } else {
        out.nested(this, value);
      }
      return;
    }
    if (elements) { // an array: the body is the elements
      if (value == null) {
        out.beginElements(-1);
      } else {
        out.nested(this, value);
      }
      return;
    }
    out.beginRecord(value != null);
    if (value != null) {
      out.nested(this, value);
      out.endRecord();
    }
  }

  @Override
  public final @Nullable T read(ValueReader in) {
    if (constants != null) {
      int ordinal = in.readEnum((Enum<?>[]) constants);
      return ordinal < 0 ? null : constants[ordinal];
    }
    if (elements) {
      return in.nested(this);
    }
    if (!in.beginRecord()) {
      return null;
    }
    T value = in.nested(this);
    in.endRecord();
    return value;
  }

  /**
   * Registers {@code codecs} for every cache in this JVM, replacing earlier ones of the same
   * types; {@code Codecs.register} of a type still takes precedence. Generated classes call this
   * when they load.
   */
  public static void register(GeneratedCodec<?>... codecs) {
    for (GeneratedCodec<?> codec : codecs) {
      TypeRegistry.global().register(Objects.requireNonNull(codec, "codec"));
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + type.getTypeName() + ", " + Long.toHexString(fingerprint) + "]";
  }
}
