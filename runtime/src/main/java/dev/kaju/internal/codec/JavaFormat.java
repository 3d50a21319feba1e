package dev.kaju.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * {@code serializer=java}: Java serialization, read only through an {@link ObjectInputFilter} made
 * of the {@code java_allow} patterns, a few JDK value classes and {@code !*}, with limits on depth,
 * references ({@code java_maxrefs}), stream bytes ({@code java_maxbytes}) and array sizes. A class
 * the filter does not allow is refused before it is instantiated, so none of its code ({@code
 * readObject} included) runs.
 *
 * <p>The filter cannot stop a graph of allowed classes that is merely expensive to build (nested
 * {@code HashSet}s whose hashing takes 2^depth steps fit every limit): only a signature keeps bytes
 * that Kaju did not write away from this class, which is why {@code serializer=java} needs a
 * {@code secret} (see {@link CodecOptions}).
 */
final class JavaFormat implements PayloadFormat {
  static final int MAX_DEPTH = 64;
  static final int MAX_ARRAY = 1_000_000;
  static final long DEFAULT_MAX_BYTES = 10_000_000;
  static final long DEFAULT_MAX_REFS = 1_000_000;
  /**
   * Kaju's own records that strategies store around a result: a record is rebuilt through its
   * canonical constructor, and what it holds is checked by the filter like any value.
   */
  static final String KAJU_VALUES = "dev.kaju.support.Stamped";
  /**
   * What boxed numbers, enums and collections need besides the user's patterns: {@code
   * java.lang.Object} is there for the {@code Object[]} that {@code ArrayList} and others check
   * (an {@code Object} itself is not serializable; each element is checked on its own).
   */
  static final String JDK_VALUES =
      "java.lang.Object;java.lang.Number;java.lang.Boolean;java.lang.Byte;java.lang.Short;java.lang.Integer;java.lang.Long;"
          + "java.lang.Float;java.lang.Double;java.lang.Character;java.lang.Enum;java.math.BigInteger;java.math.BigDecimal;"
          + KAJU_VALUES;

  /** The limits as filter text, checked before the class patterns by a filter of their own. */
  private final String limitText;
  private final ObjectInputFilter limits;
  private final ObjectInputFilter classes;
  private final String allow;
  private final long maxBytes;

  /**
   * @param allow the {@code java_allow} patterns, e.g. {@code com.example.**;java.util.*}
   * @param maxBytes the most bytes a stream may have ({@code java_maxbytes}), positive
   * @param maxRefs the most objects and references a stream may have ({@code java_maxrefs}), positive
   * @throws IllegalArgumentException for a malformed pattern, a limit, or a pattern that allows
   *     every class
   */
  JavaFormat(String allow, long maxBytes, long maxRefs) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("java_maxbytes must be positive, was " + maxBytes);
    }
    if (maxRefs <= 0) {
      throw new IllegalArgumentException("java_maxrefs must be positive, was " + maxRefs);
    }
    this.allow = allow;
    this.maxBytes = maxBytes;
    this.limitText = "maxdepth=" + MAX_DEPTH + ";maxrefs=" + maxRefs + ";maxbytes=" + maxBytes + ";maxarray=" + MAX_ARRAY;
    this.limits = ObjectInputFilter.Config.createFilter(limitText);
    for (String pattern : allow.split(";")) {
      String p = pattern.trim();
      if (p.equals("*") || p.equals("**") || p.equals(".**")) {
        throw new IllegalArgumentException(
            "bad value '" + allow + "' for option java_allow: '" + p + "' would allow every class; list your"
                + " packages or classes, e.g. com.example.**;java.util.*");
      }
      if (p.contains("=")) {
        throw new IllegalArgumentException(
            "bad value '" + allow + "' for option java_allow: '" + p + "' is a limit; java_allow takes class"
                + " patterns only (limits are the options java_maxbytes and java_maxrefs)");
      }
    }
    try {
      this.classes = ObjectInputFilter.Config.createFilter(JDK_VALUES + ";" + allow + ";!*");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad value '" + allow + "' for option java_allow: " + e.getMessage()
              + "; expected ObjectInputFilter class patterns separated by ';', e.g. com.example.**;java.util.*",
          e);
    }
  }

  @Override
  public byte marker() {
    return JAVA;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public byte[] encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(JAVA);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " with serializer=java: " + e.getMessage()
              + " is not Serializable",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " with serializer=java: " + e, e);
    }
    if (bytes.size() - 1 > maxBytes) { // refused now rather than stored and read back as a miss
      throw new IllegalArgumentException(
          "cannot store a " + value.getClass().getName() + " with serializer=java: it takes " + (bytes.size() - 1)
              + " bytes, over java_maxbytes=" + maxBytes + "; raise java_maxbytes or store less");
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, int start) throws Exception {
    if (bytes.length - start > maxBytes) {
      throw new BadValueException(
          "a Java serialization stream of " + (bytes.length - start) + " bytes, over java_maxbytes=" + maxBytes);
    }
    String[] refusal = new String[1];
    ObjectInputFilter filter =
        info -> {
          ObjectInputFilter.Status status = limits.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED) {
            refusal[0] = "over the limits " + limitText + " (depth " + info.depth() + ", references "
                + info.references() + ", bytes " + info.streamBytes() + ", array length " + info.arrayLength() + ")";
            return status;
          }
          status = classes.checkInput(info);
          Class<?> refused = info.serialClass();
          if (status == ObjectInputFilter.Status.REJECTED && refused != null) {
            refusal[0] = "class " + refused.getName() + " is not allowed by java_allow=" + allow
                + "; it was not deserialized";
          }
          return status;
        };
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, start, bytes.length - start))) {
      in.setObjectInputFilter(filter);
      Object value = in.readObject();
      if (value == null) {
        throw new BadValueException("a serialized null");
      }
      return value;
    } catch (InvalidClassException e) {
      if (refusal[0] != null) {
        throw new BadValueException(refusal[0]);
      }
      throw e;
    }
  }
}
