package dev.kaju.internal.codec;

import dev.kaju.internal.NullValue;
import dev.kaju.support.CachedSite;
import dev.kaju.support.GeneratedCodec;
import dev.kaju.support.MalformedValueException;
import dev.kaju.support.Stamped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Kaju's own compact binary format ({@code serializer=binary}, the default). A payload is the
 * marker {@code 0xF5} (format version 1) followed by one value; a value is a tag byte and a body:
 *
 * <ul>
 *   <li>whole numbers as zig-zag varints ({@code Long}, {@code Integer}, {@code Short}), a {@code
 *       Byte} as one byte; {@code Double}/{@code Float} as their IEEE bits, big-endian;
 *   <li>strings as a varint byte count and UTF-8 (or, for a string with a lone surrogate, a char
 *       count and UTF-16), {@code byte[]} as a count and the bytes;
 *   <li>{@code BigInteger} as its two's-complement bytes, {@code BigDecimal} as scale and unscaled
 *       value; {@code UUID} as 16 bytes; {@code java.time} values as their epoch/nano fields;
 *   <li>lists, sets and maps as a count and their elements (maps: key, value, ...), decoded as
 *       {@code ArrayList}, {@code LinkedHashSet} and {@code LinkedHashMap} in the same order;
 *   <li>a registered type ({@code Codecs.register}) as its class name and the encoder's bytes.
 * </ul>
 *
 * <p>Nesting is limited to {@value #MAX_DEPTH} levels both ways, and counts read are checked
 * against the bytes left, so a crafted payload cannot exhaust the stack or the heap.
 */
final class BinaryFormat implements PayloadFormat {
  static final int MAX_DEPTH = 100;
  /**
   * The most elements a collection is sized for before they are read: a count is checked against
   * the bytes left, but nested collections may each claim all of them, so beyond this they grow as
   * their elements arrive and a crafted payload allocates in proportion to its own size.
   */
  static final int PRESIZE = 1024;

  // Tags. Stable: they are stored. Add new ones; never renumber.
  private static final int NULL = 0;
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  static final int STRING = 3;
  static final int STRING_UTF16 = 4;
  private static final int BYTES = 5;
  private static final int LONG = 6;
  private static final int INT = 7;
  private static final int SHORT = 8;
  private static final int BYTE = 9;
  private static final int DOUBLE = 10;
  private static final int FLOAT = 11;
  private static final int CHAR = 12;
  private static final int BIG_INTEGER = 13;
  private static final int BIG_DECIMAL = 14;
  private static final int UUID_ = 15;
  private static final int INSTANT = 16;
  private static final int LOCAL_DATE = 17;
  private static final int LOCAL_TIME = 18;
  private static final int LOCAL_DATE_TIME = 19;
  private static final int OFFSET_DATE_TIME = 20;
  private static final int ZONED_DATE_TIME = 21;
  private static final int DURATION = 22;
  private static final int PERIOD = 23;
  private static final int LIST = 32;
  private static final int SET = 33;
  private static final int MAP = 34;
  private static final int OPTIONAL_EMPTY = 35;
  private static final int OPTIONAL = 36;
  /** A cached exception of a generated {@code @Cached} method (its type name and message). */
  private static final int CACHED_FAILURE = 40;
  /** A result stamped with its soft or early expiry ({@code @Soft}, {@code @Early}): the time, then the value. */
  private static final int STAMPED = 41;
  private static final int REGISTERED = 48;
  /**
   * A value of a type the processor wrote a codec for ({@code GeneratedCodec}): a type reference
   * (0: a new type, whose name and 8-byte schema fingerprint follow; n: the payload's n-th type),
   * then the body the codec wrote.
   */
  private static final int GENERATED = 49;

  /** The exact classes with their own tag; none can be subclassed. */
  private static final Map<Class<?>, Integer> TAGS = new HashMap<>();

  static {
    TAGS.put(NullValue.class, NULL);
    TAGS.put(Boolean.class, TRUE);
    TAGS.put(String.class, STRING);
    TAGS.put(byte[].class, BYTES);
    TAGS.put(Long.class, LONG);
    TAGS.put(Integer.class, INT);
    TAGS.put(Short.class, SHORT);
    TAGS.put(Byte.class, BYTE);
    TAGS.put(Double.class, DOUBLE);
    TAGS.put(Float.class, FLOAT);
    TAGS.put(Character.class, CHAR);
    TAGS.put(BigInteger.class, BIG_INTEGER);
    TAGS.put(BigDecimal.class, BIG_DECIMAL);
    TAGS.put(UUID.class, UUID_);
    TAGS.put(Instant.class, INSTANT);
    TAGS.put(LocalDate.class, LOCAL_DATE);
    TAGS.put(LocalTime.class, LOCAL_TIME);
    TAGS.put(LocalDateTime.class, LOCAL_DATE_TIME);
    TAGS.put(OffsetDateTime.class, OFFSET_DATE_TIME);
    TAGS.put(ZonedDateTime.class, ZONED_DATE_TIME);
    TAGS.put(Duration.class, DURATION);
    TAGS.put(Period.class, PERIOD);
    TAGS.put(Optional.class, OPTIONAL);
    TAGS.put(CachedSite.CachedFailure.class, CACHED_FAILURE);
    TAGS.put(Stamped.class, STAMPED);
  }

  /** The payload of a cached {@code null}. */
  static final byte[] NULL_PAYLOAD = {BINARY, NULL};

  private final TypeRegistry registry;

  BinaryFormat(TypeRegistry registry) {
    this.registry = registry;
  }

  /** Whether Kaju encodes {@code type} itself, so it cannot be registered. */
  static boolean isBuiltIn(Class<?> type) {
    return TAGS.containsKey(type) || type == List.class || type == Set.class || type == Map.class;
  }

  /** The codec the processor generated for exactly {@code type}, or {@code null}. */
  @Nullable GeneratedCodec<?> generated(Class<?> type) {
    return registry.generated(type);
  }

  /** The generated codec stored under {@code name}, or {@code null}. */
  @Nullable GeneratedCodec<?> generated(String name) {
    return registry.generated(name);
  }

  /** Whether a codec is registered for exactly {@code type}: it then comes before List, Set and Map. */
  boolean registersExactly(Class<?> type) {
    return registry.exact(type) != null;
  }

  @Override
  public byte marker() {
    return BINARY;
  }

  @Override
  public String name() {
    return "binary";
  }

  @Override
  public byte[] encode(Object value) {
    BinaryWriter w = new BinaryWriter(this);
    w.out.b(BINARY);
    write(w, value, 0);
    return w.out.bytes();
  }

  @Override
  public Object decode(byte[] bytes, int start) throws BadValueException {
    BinaryReader r = new BinaryReader(new BinaryIn(bytes, start), this);
    BinaryIn in = r.in;
    Object value = read(r, 0);
    if (in.pos != bytes.length) {
      throw new BadValueException((bytes.length - in.pos) + " bytes left over after the value");
    }
    return value == null ? NullValue.INSTANCE : value;
  }

  // ---- writing ----

  void write(BinaryWriter w, @Nullable Object value, int depth) {
    BinaryOut out = w.out;
    if (value == null) {
      out.b(NULL);
      return;
    }
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "cannot encode a value nested more than " + MAX_DEPTH + " levels deep (does a collection contain itself?)");
    }
    Integer tag = TAGS.get(value.getClass());
    if (tag != null) {
      writeBuiltIn(w, tag, value, depth);
      return;
    }
    TypeRegistry.Entry entry = registry.exact(value.getClass());
    if (entry == null) {
      GeneratedCodec<?> generated = registry.generated(codecClass(value));
      if (generated != null) {
        writeGenerated(w, generated, value, depth);
        return;
      }
      if (value instanceof List) {
        writeAll(w, LIST, (List<?>) value, depth);
        return;
      }
      if (value instanceof Set) {
        writeAll(w, SET, (Set<?>) value, depth);
        return;
      }
      if (value instanceof Map) {
        Map<?, ?> map = (Map<?, ?>) value;
        out.b(MAP);
        out.varint(map.size());
        int n = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          write(w, e.getKey(), depth + 1);
          write(w, e.getValue(), depth + 1);
          n++;
        }
        checkSize(map, n);
        return;
      }
      entry = registry.supertype(value.getClass());
    }
    if (entry == null) {
      throw new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + ": the binary codec knows strings, numbers, booleans,"
              + " UUID, java.time, byte[], List, Set, Map and Optional; register a codec with Codecs.register("
              + simpleName(value) + ".class, encoder, decoder), or set serializer=json,"
              + " or serializer=java with java_allow");
    }
    byte[] encoded = entry.encoder.encode(value);
    if (encoded == null) {
      throw new IllegalArgumentException("the encoder registered for " + entry.name() + " returned null");
    }
    out.b(REGISTERED);
    out.string(entry.name());
    out.varint(encoded.length);
    out.b(encoded, 0, encoded.length);
  }

  /** The simple name of {@code value}'s type for a message (its enum's for a constant with a body). */
  static String simpleName(Object value) {
    Class<?> type = codecClass(value);
    return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
  }

  /** The class whose codec writes {@code value}: an enum constant with a body is its enum's. */
  static Class<?> codecClass(Object value) {
    return value instanceof Enum<?> ? ((Enum<?>) value).getDeclaringClass() : value.getClass();
  }

  @SuppressWarnings("unchecked")
  private static <T> void writeGenerated(BinaryWriter w, GeneratedCodec<T> codec, Object value, int depth) {
    BinaryOut out = w.out;
    out.b(GENERATED);
    int ref = w.typeRef(codec);
    out.varint(ref);
    if (ref == 0) {
      out.string(codec.type().getName());
      out.fixed(codec.fingerprint(), 8);
    }
    w.enter(depth);
    w.nested(codec, (T) value);
  }

  private void writeAll(BinaryWriter w, int tag, Collection<?> values, int depth) {
    BinaryOut out = w.out;
    out.b(tag);
    out.varint(values.size());
    int n = 0;
    for (Object v : values) {
      write(w, v, depth + 1);
      n++;
    }
    checkSize(values, n);
  }

  private static void checkSize(Object collection, int iterated) {
    int size = collection instanceof Map ? ((Map<?, ?>) collection).size() : ((Collection<?>) collection).size();
    if (size != iterated) {
      throw new IllegalArgumentException(
          "a " + collection.getClass().getName() + " changed while it was encoded (size " + size + ", "
              + iterated + " elements)");
    }
  }

  private void writeBuiltIn(BinaryWriter w, int tag, Object value, int depth) {
    BinaryOut out = w.out;
    switch (tag) {
      case NULL:
        out.b(NULL);
        break;
      case TRUE:
        out.b((Boolean) value ? TRUE : FALSE);
        break;
      case STRING:
        out.string((String) value);
        break;
      case BYTES:
        byte[] bytes = (byte[]) value;
        out.b(BYTES);
        out.varint(bytes.length);
        out.b(bytes, 0, bytes.length);
        break;
      case LONG:
        out.b(LONG);
        out.zigzag((Long) value);
        break;
      case INT:
        out.b(INT);
        out.zigzag((Integer) value);
        break;
      case SHORT:
        out.b(SHORT);
        out.zigzag((Short) value);
        break;
      case BYTE:
        out.b(BYTE);
        out.b((Byte) value);
        break;
      case DOUBLE:
        out.b(DOUBLE);
        out.fixed(Double.doubleToRawLongBits((Double) value), 8);
        break;
      case FLOAT:
        out.b(FLOAT);
        out.fixed(Float.floatToRawIntBits((Float) value), 4);
        break;
      case CHAR:
        out.b(CHAR);
        out.fixed((Character) value, 2);
        break;
      case BIG_INTEGER:
        out.b(BIG_INTEGER);
        out.bigInteger((BigInteger) value);
        break;
      case BIG_DECIMAL:
        BigDecimal decimal = (BigDecimal) value;
        out.b(BIG_DECIMAL);
        out.zigzag(decimal.scale());
        out.bigInteger(decimal.unscaledValue());
        break;
      case UUID_:
        UUID uuid = (UUID) value;
        out.b(UUID_);
        out.fixed(uuid.getMostSignificantBits(), 8);
        out.fixed(uuid.getLeastSignificantBits(), 8);
        break;
      case INSTANT:
        Instant instant = (Instant) value;
        out.b(INSTANT);
        out.zigzag(instant.getEpochSecond());
        out.varint(instant.getNano());
        break;
      case LOCAL_DATE:
        out.b(LOCAL_DATE);
        out.zigzag(((LocalDate) value).toEpochDay());
        break;
      case LOCAL_TIME:
        out.b(LOCAL_TIME);
        out.varint(((LocalTime) value).toNanoOfDay());
        break;
      case LOCAL_DATE_TIME:
        out.b(LOCAL_DATE_TIME);
        out.dateTime((LocalDateTime) value);
        break;
      case OFFSET_DATE_TIME:
        OffsetDateTime odt = (OffsetDateTime) value;
        out.b(OFFSET_DATE_TIME);
        out.dateTime(odt.toLocalDateTime());
        out.zigzag(odt.getOffset().getTotalSeconds());
        break;
      case ZONED_DATE_TIME:
        ZonedDateTime zdt = (ZonedDateTime) value;
        out.b(ZONED_DATE_TIME);
        out.dateTime(zdt.toLocalDateTime());
        out.zigzag(zdt.getOffset().getTotalSeconds());
        out.string(zdt.getZone().getId());
        break;
      case DURATION:
        Duration duration = (Duration) value;
        out.b(DURATION);
        out.zigzag(duration.getSeconds());
        out.varint(duration.getNano());
        break;
      case PERIOD:
        Period period = (Period) value;
        out.b(PERIOD);
        out.zigzag(period.getYears());
        out.zigzag(period.getMonths());
        out.zigzag(period.getDays());
        break;
      case OPTIONAL:
        Optional<?> optional = (Optional<?>) value;
        if (optional.isPresent()) {
          out.b(OPTIONAL);
          write(w, optional.get(), depth + 1);
        } else {
          out.b(OPTIONAL_EMPTY);
        }
        break;
      case CACHED_FAILURE:
        CachedSite.CachedFailure failure = (CachedSite.CachedFailure) value;
        out.b(CACHED_FAILURE);
        out.string(failure.type());
        write(w, failure.message(), depth + 1);
        break;
      case STAMPED:
        Stamped stamped = (Stamped) value;
        out.b(STAMPED);
        out.zigzag(stamped.at());
        write(w, stamped.value(), depth + 1);
        break;
      default:
        throw new AssertionError(tag);
    }
  }

  // ---- reading ----

  @Nullable Object read(BinaryReader r, int depth) throws BadValueException {
    BinaryIn in = r.in;
    int tag = in.u8();
    if (tag == NULL) { // before the depth check, as write writes a null before checking: what encodes decodes
      return null;
    }
    if (depth > MAX_DEPTH) {
      throw new BadValueException("nested more than " + MAX_DEPTH + " levels deep");
    }
    switch (tag) {
      case NULL:
        return null;
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case STRING:
      case STRING_UTF16:
        return in.text(tag);
      case BYTES:
        int n = in.count(1);
        in.pos += n;
        return Arrays.copyOfRange(in.buf, in.pos - n, in.pos);
      case LONG:
        return in.zigzag();
      case INT:
        return in.int32(in.zigzag());
      case SHORT:
        long shortValue = in.zigzag();
        if (shortValue != (short) shortValue) {
          throw new BadValueException("short out of range: " + shortValue);
        }
        return (short) shortValue;
      case BYTE:
        return (byte) in.u8();
      case DOUBLE:
        return Double.longBitsToDouble(in.fixed(8));
      case FLOAT:
        return Float.intBitsToFloat((int) in.fixed(4));
      case CHAR:
        return (char) in.fixed(2);
      case BIG_INTEGER:
        return in.bigInteger();
      case BIG_DECIMAL:
        int scale = in.int32(in.zigzag());
        return new BigDecimal(in.bigInteger(), scale);
      case UUID_:
        return new UUID(in.fixed(8), in.fixed(8));
      case INSTANT:
        return Instant.ofEpochSecond(in.zigzag(), in.varint());
      case LOCAL_DATE:
        return LocalDate.ofEpochDay(in.zigzag());
      case LOCAL_TIME:
        return LocalTime.ofNanoOfDay(in.varint());
      case LOCAL_DATE_TIME:
        return in.dateTime();
      case OFFSET_DATE_TIME:
        return OffsetDateTime.of(in.dateTime(), ZoneOffset.ofTotalSeconds(in.int32(in.zigzag())));
      case ZONED_DATE_TIME:
        LocalDateTime local = in.dateTime();
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.int32(in.zigzag()));
        return ZonedDateTime.ofLocal(local, ZoneId.of(in.string()), offset);
      case DURATION:
        return Duration.ofSeconds(in.zigzag(), in.varint());
      case PERIOD:
        return Period.of(in.int32(in.zigzag()), in.int32(in.zigzag()), in.int32(in.zigzag()));
      case LIST:
        int listSize = in.count(1);
        List<@Nullable Object> list = new ArrayList<>(Math.min(listSize, PRESIZE));
        for (int i = 0; i < listSize; i++) {
          list.add(read(r, depth + 1));
        }
        return list;
      case SET:
        int setSize = in.count(1);
        Set<@Nullable Object> set = new LinkedHashSet<>(capacity(Math.min(setSize, PRESIZE)));
        for (int i = 0; i < setSize; i++) {
          set.add(read(r, depth + 1));
        }
        return set;
      case MAP:
        int mapSize = in.count(2);
        Map<@Nullable Object, @Nullable Object> map = new LinkedHashMap<>(capacity(Math.min(mapSize, PRESIZE)));
        for (int i = 0; i < mapSize; i++) {
          map.put(read(r, depth + 1), read(r, depth + 1));
        }
        return map;
      case OPTIONAL_EMPTY:
        return Optional.empty();
      case OPTIONAL:
        return Optional.ofNullable(read(r, depth + 1));
      case CACHED_FAILURE:
        String type = in.string();
        Object message = read(r, depth + 1);
        if (message != null && !(message instanceof String)) {
          throw new BadValueException("a cached exception's message is not text");
        }
        return new CachedSite.CachedFailure(type, (String) message);
      case STAMPED:
        long at = in.zigzag();
        return new Stamped(at, read(r, depth + 1));
      case REGISTERED:
        return readRegistered(in);
      case GENERATED:
        return readGenerated(r, depth);
      default:
        throw new BadValueException("unknown tag " + tag + " at byte " + (in.pos - 1));
    }
  }

  private Object readRegistered(BinaryIn in) throws BadValueException {
    String name = in.string();
    int n = in.count(1);
    byte[] encoded = Arrays.copyOfRange(in.buf, in.pos, in.pos + n);
    in.pos += n;
    TypeRegistry.Entry entry = registry.byName(name);
    if (entry == null) {
      throw new BadValueException("no codec registered for " + name + " (Codecs.register)");
    }
    Object value;
    try {
      value = entry.decoder.decode(encoded);
    } catch (RuntimeException e) {
      throw new BadValueException("the decoder registered for " + name + " failed: " + e, e);
    }
    if (!entry.type.isInstance(value)) {
      throw new BadValueException(
          "the decoder registered for " + name + " returned "
              + (value == null ? "null" : "a " + value.getClass().getName()));
    }
    return value;
  }

  private Object readGenerated(BinaryReader r, int depth) throws BadValueException {
    BinaryIn in = r.in;
    long ref = in.varint();
    GeneratedCodec<?> codec;
    if (ref == 0) {
      String name = in.string();
      long fingerprint = in.fixed(8);
      codec = registry.generated(name);
      if (codec == null) {
        throw new BadValueException(
            "no generated codec for " + name + " in this JVM (the generated class that uses it has not been loaded)");
      }
      if (codec.fingerprint() != fingerprint) {
        throw new BadValueException(
            "stored with schema " + Long.toHexString(fingerprint) + " of " + name + ", and this build's is "
                + Long.toHexString(codec.fingerprint()) + ": the type changed since the value was stored");
      }
      r.typeSeen(codec);
    } else {
      codec = r.type(ref);
    }
    Object value;
    try {
      r.enter(depth);
      value = r.nested(codec);
    } catch (MalformedValueException e) {
      throw new BadValueException("a " + codec.type().getName() + " that cannot be read: " + e.getMessage(), e.getCause());
    } catch (RuntimeException e) {
      throw new BadValueException("the generated codec of " + codec.type().getName() + " failed: " + e, e);
    }
    if (!codec.type().isInstance(value)) {
      throw new BadValueException(
          "the generated codec of " + codec.type().getName() + " returned " + (value == null ? "null" : "a " + value.getClass().getName()));
    }
    return value;
  }

  private static int capacity(int size) {
    return (int) Math.min(1L << 30, size * 4L / 3 + 1);
  }

}
