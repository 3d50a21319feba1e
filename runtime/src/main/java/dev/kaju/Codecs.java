package dev.kaju;

import dev.kaju.internal.codec.TypeRegistry;

/**
 * Custom value types for the default binary codec of byte-storing backends (Redis, disk): the
 * {@code register_type} of cashews.
 *
 * <pre>{@code
 * Codecs.register(Money.class,
 *     m -> (m.currency() + ":" + m.cents()).getBytes(UTF_8),
 *     b -> Money.parse(new String(b, UTF_8)));
 * }</pre>
 *
 * <p>A registered value is stored with a tag holding the type's name ({@code Class.getName()}), so
 * it decodes through the decoder registered under that name, in any JVM that registered it.
 * Registrations are global and usually made once at start-up; registering a type again replaces
 * its codec.
 *
 * <p>Which codec encodes a value, in order: Kaju's own types (strings, numbers, {@code java.time},
 * {@code UUID}, {@code Optional}, ...) which cannot be registered; a codec registered for the
 * value's exact class; the codec the processor generated for it (records, enums, arrays a cached
 * method stores); a {@link java.util.List}, {@link java.util.Set} or {@link java.util.Map}
 * as Kaju's collections; a codec registered for a superclass of the value's class, nearest first;
 * then one registered for an interface it implements, those of its class before those of its
 * superclasses, in declaration order. A value matching none fails to encode with an {@link
 * IllegalArgumentException} naming its type.
 *
 * <p>Inside a value a generated codec writes, a component is written as its declared type says: a
 * component whose type has a generated codec uses it even when that type is also registered here.
 *
 * <p>A decoder that throws, or returns something not of its type, makes the read a miss (with a
 * logged warning), as does a stored type that no longer has a codec.
 *
 * <p>Registered codecs serve {@code serializer=binary} (the default) and {@code serializer=json}
 * (which stores a registered value as the binary form in base64, under {@code "@binary"}: the only
 * way JSON reads a type of yours, since it never resolves a class name); {@code serializer=java}
 * encodes every value with Java serialization instead.
 */
public final class Codecs {

  private Codecs() {}

  /** Turns a value of a registered type into bytes. */
  @FunctionalInterface
  public interface Encoder<T> {
    byte[] encode(T value);
  }

  /** Turns bytes made by the matching {@link Encoder} back into a value. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] bytes);
  }

  /**
   * Registers (or replaces) the codec of {@code type} and its subtypes (see the class comment for
   * the order in which codecs are chosen).
   *
   * @throws NullPointerException naming the null argument
   * @throws IllegalArgumentException when {@code type} is one Kaju encodes itself, or a primitive
   *     or array type
   */
  public static <T> void register(Class<T> type, Encoder<T> encoder, Decoder<T> decoder) {
    TypeRegistry.global().register(type, encoder, decoder);
  }
}
