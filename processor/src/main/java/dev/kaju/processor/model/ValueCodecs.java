package dev.kaju.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * The codecs of the values an interface's cached methods store: one class {@code
 * <Interface>Codecs} holding a codec per record, enum, sealed interface and top-level array the
 * stored values reach, which Redis and disk then store without registration.
 *
 * @param name the class to write, e.g. {@code com.example.UserServiceCodecs}
 * @param codecs every codec, each type once, in the order first reached
 */
public record ValueCodecs(ClassName name, List<TypeCodec> codecs) {

  /** One generated codec class. */
  public sealed interface TypeCodec permits RecordCodec, EnumCodec, SealedCodec, ArrayCodec {
    /** The nested codec class, e.g. {@code UserServiceCodecs.UserCodec}. */
    ClassName codecClass();

    /** The type it writes, raw for a generic type. */
    TypeName type();

    /** The schema fingerprint, from the type's structure. */
    long fingerprint();

    /** The type as declared, for the generated Javadoc ({@code record Catalog.Product(long id, String name)}). */
    String structure();

    /** Whether values of exactly this class are stored with it (not a sealed interface, only used inside others). */
    default boolean registered() {
      return true;
    }
  }

  /**
   * A record: its components, in order, each read back and passed to the canonical constructor (a
   * generic record is named raw).
   */
  public record RecordCodec(ClassName codecClass, TypeName type, long fingerprint, String structure, List<Component> components)
      implements TypeCodec {}

  /** An enum: written as the constant's position among the enum's constants (the fingerprint lists them). */
  public record EnumCodec(ClassName codecClass, TypeName type, long fingerprint, String structure) implements TypeCodec {}

  /**
   * A sealed interface (or abstract class): a subtype number, then the subtype's own body.
   *
   * @param subtypes the permitted subtypes with their codecs, in declaration order
   */
  public record SealedCodec(ClassName codecClass, TypeName type, long fingerprint, String structure, List<Subtype> subtypes)
      implements TypeCodec {
    @Override
    public boolean registered() {
      return false;
    }
  }

  /**
   * A permitted subtype of a sealed type and the codec of its body.
   *
   * @param simpleName its simple name, which JSON stores
   * @param record whether it is a record (its components join the sealed type's); an enum or a
   *     sealed subtype is written whole, as the component {@code value}
   */
  public record Subtype(TypeName type, ClassName codecClass, String simpleName, boolean record) {}

  /** An array stored as a value by itself ({@code User[]}, {@code int[]}): its elements' shape. */
  public record ArrayCodec(ClassName codecClass, TypeName type, long fingerprint, String structure, Shape shape)
      implements TypeCodec {}

  /**
   * A record component.
   *
   * @param name the component (its accessor has the same name)
   * @param shape how it is written
   * @param readAs the type of the local it is read into: its declared type, or that type's
   *     erasure when it uses the record's type variables (a generic record is built raw)
   * @param exact whether {@code shape} reads exactly {@code readAs}; otherwise the shape is held
   *     raw and its result cast
   */
  public record Component(String name, Shape shape, TypeName readAs, boolean exact) {}

  /** How one static type is written: a primitive by itself, anything else by a {@code ValueShape}. */
  public sealed interface Shape {
    /** The Java type a read of this shape gives ({@code List<Role>} for a {@code List<? extends Role>}). */
    TypeName javaType();
  }

  /** A primitive component: {@code out.writeInt(...)}, {@code in.readInt()}. */
  public record Primitive(TypeName javaType) implements Shape {}

  /** {@code Shapes.STRING}. */
  public record Text(TypeName javaType) implements Shape {}

  /** {@code Shapes.of(X.class)} ({@code Shapes.ANY} for {@code Object}): a tagged value the binary format knows. */
  public record Tagged(TypeName javaType) implements Shape {}

  /** A generated codec: {@code XCodec.INSTANCE}. */
  public record Generated(TypeName javaType, ClassName codecClass) implements Shape {}

  /** {@code Shapes.list(e)}, {@code Shapes.set(e)}, {@code Shapes.optional(e)}. */
  public record Container(TypeName javaType, String factory, Shape element) implements Shape {}

  /** {@code Shapes.map(k, v)}. */
  public record MapOf(TypeName javaType, Shape key, Shape value) implements Shape {}

  /** {@code Shapes.array(e, E[]::new)}. */
  public record ArrayOf(TypeName javaType, Shape element) implements Shape {}

  /** {@code Shapes.INT_ARRAY} and the other primitive arrays. */
  public record PrimitiveArray(TypeName javaType, String constant) implements Shape {}
}
