package dev.kaju.internal.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;

/**
 * {@code serializer=json}: Jackson databind with its default typing, so the stored JSON names the
 * class of every value whose declared type does not fix it ({@code "@class"} property, or a
 * {@code ["class", value]} pair for lists and scalars) and decodes to the same types.
 *
 * <p>Class names read from a store are a classic way into a JVM, so only these are written or
 * read: records, enums, and classes of {@code java.lang}, {@code java.util}, {@code java.time} and
 * {@code java.math} (and arrays of them). Anything else fails to encode, naming the class.
 *
 * <p>Only this class refers to Jackson: it is loaded only for {@code serializer=json}, so the
 * runtime works without Jackson on the class path.
 */
final class JsonFormat implements PayloadFormat {
  private static final Set<String> JDK_PACKAGES = Set.of("java.lang", "java.util", "java.time", "java.math");

  private final ObjectWriter writer;
  private final ObjectReader reader;

  JsonFormat() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setDefaultTyping(new Typing());
    this.writer = mapper.writerFor(Object.class);
    this.reader = mapper.readerFor(Object.class);
  }

  @Override
  public byte marker() {
    return JSON;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(JSON);
    try {
      writer.writeValue(bytes, value);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " with serializer=json: " + cause.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, int start) throws Exception {
    Object value = reader.readValue(bytes, start, bytes.length - start);
    if (value == null) {
      throw new BadValueException("a JSON null");
    }
    return value;
  }

  /** Whether JSON may name {@code type}: records, enums, JDK value packages. */
  static boolean allowed(Class<?> type) {
    Class<?> c = type;
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c.isPrimitive() || c.isRecord() || Enum.class.isAssignableFrom(c) || JDK_PACKAGES.contains(c.getPackageName());
  }

  private static String refusal(Class<?> type) {
    return type.getName() + " is not a record, an enum or a java.lang/java.util/java.time/java.math class;"
        + " serializer=json stores only those: make it a record, or use serializer=binary with Codecs.register,"
        + " or serializer=java with java_allow";
  }

  /** Default typing of non-final types, with class names checked both ways. */
  private static final class Typing extends ObjectMapper.DefaultTypeResolverBuilder {
    private static final long serialVersionUID = 1L;

    Typing() {
      super(ObjectMapper.DefaultTyping.NON_FINAL, new Validator());
      init(JsonTypeInfo.Id.CLASS, null);
      inclusion(JsonTypeInfo.As.PROPERTY);
      typeProperty("@class");
    }

    @Override
    protected TypeIdResolver idResolver(
        MapperConfig<?> config,
        JavaType baseType,
        PolymorphicTypeValidator validator,
        Collection<NamedType> subtypes,
        boolean forSer,
        boolean forDeser) {
      return new CheckedIds(baseType, config.getTypeFactory(), validator);
    }
  }

  /** Refuses to write the name of a class that {@link Validator} would refuse to read. */
  private static final class CheckedIds extends ClassNameIdResolver {
    private static final long serialVersionUID = 1L;

    CheckedIds(JavaType baseType, TypeFactory types, PolymorphicTypeValidator validator) {
      super(baseType, types, validator);
    }

    @Override
    protected String _idFrom(Object value, Class<?> type, TypeFactory types) {
      if (!allowed(type)) {
        throw new IllegalArgumentException(refusal(type));
      }
      return super._idFrom(value, type, types);
    }
  }

  /** Reads only the class names {@link #allowed} accepts; JDK value classes by name, before loading. */
  private static final class Validator extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
      int dot = subClassName.lastIndexOf('.');
      return dot > 0 && JDK_PACKAGES.contains(subClassName.substring(0, dot)) ? Validity.ALLOWED : Validity.INDETERMINATE;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return allowed(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
    }
  }
}
