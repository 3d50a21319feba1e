package dev.kaju.internal.codec;

import dev.kaju.Codecs;
import dev.kaju.support.GeneratedCodec;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The codecs registered with {@link Codecs#register}, by type name: the name is what the binary
 * format stores, so decoding finds the codec without loading a class by name.
 */
public final class TypeRegistry {
  private static final TypeRegistry GLOBAL = new TypeRegistry();

  /** One registered type with its codec. */
  static final class Entry {
    final Class<?> type;
    final Codecs.Encoder<Object> encoder;
    final Codecs.Decoder<?> decoder;

    @SuppressWarnings("unchecked")
    <T> Entry(Class<T> type, Codecs.Encoder<T> encoder, Codecs.Decoder<T> decoder) {
      this.type = type;
      this.encoder = (Codecs.Encoder<Object>) encoder;
      this.decoder = decoder;
    }

    String name() {
      return type.getName();
    }
  }

  private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Class<?>, GeneratedCodec<?>> generated = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, GeneratedCodec<?>> generatedByName = new ConcurrentHashMap<>();

  /** The registry {@link Codecs#register} fills. */
  public static TypeRegistry global() {
    return GLOBAL;
  }

  public <T> void register(Class<T> type, Codecs.Encoder<T> encoder, Codecs.Decoder<T> decoder) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(decoder, "decoder");
    if (type.isPrimitive() || type.isArray()) {
      throw new IllegalArgumentException(
          "cannot register a codec for " + type.getTypeName() + ": register a class or an interface");
    }
    if (BinaryFormat.isBuiltIn(type)) {
      throw new IllegalArgumentException(
          "cannot register a codec for " + type.getName() + ": Kaju encodes it itself");
    }
    byName.put(type.getName(), new Entry(type, encoder, decoder));
  }

  /**
   * Registers a codec the processor generated (see {@link GeneratedCodec#register}); one
   * registered with {@link Codecs#register} for the same type still comes first.
   */
  public void register(GeneratedCodec<?> codec) {
    Objects.requireNonNull(codec, "codec");
    if (BinaryFormat.isBuiltIn(codec.type())) {
      throw new IllegalArgumentException("cannot register a codec for " + codec.type().getName() + ": Kaju encodes it itself");
    }
    generated.put(codec.type(), codec);
    generatedByName.put(codec.type().getName(), codec);
  }

  /** The generated codec for exactly {@code type}, or {@code null}. */
  @Nullable GeneratedCodec<?> generated(Class<?> type) {
    return generated.isEmpty() ? null : generated.get(type);
  }

  /** The generated codec stored under {@code name}, or {@code null}. */
  @Nullable GeneratedCodec<?> generated(String name) {
    return generatedByName.get(name);
  }

  /** The codec stored under {@code name}, or {@code null}. */
  @Nullable Entry byName(String name) {
    return byName.get(name);
  }

  /** The codec registered for exactly {@code type}, or {@code null}. */
  @Nullable Entry exact(Class<?> type) {
    if (byName.isEmpty()) {
      return null;
    }
    Entry e = byName.get(type.getName());
    return e != null && e.type == type ? e : null;
  }

  /**
   * The codec registered for a proper supertype of {@code type}: superclasses nearest first, then
   * the interfaces of {@code type} and of each superclass in turn, each interface before its own
   * superinterfaces.
   */
  @Nullable Entry supertype(Class<?> type) {
    if (byName.isEmpty()) {
      return null;
    }
    for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
      Entry e = exact(c);
      if (e != null) {
        return e;
      }
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        Entry e = ofInterface(i);
        if (e != null) {
          return e;
        }
      }
    }
    return null;
  }

  private @Nullable Entry ofInterface(Class<?> type) {
    Entry e = exact(type);
    if (e != null) {
      return e;
    }
    for (Class<?> i : type.getInterfaces()) {
      e = ofInterface(i);
      if (e != null) {
        return e;
      }
    }
    return null;
  }
}
