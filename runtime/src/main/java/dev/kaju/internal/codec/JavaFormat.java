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
 * references and array sizes. A class the filter does not allow is refused before it is
 * instantiated, so none of its code ({@code readObject} included) runs.
 */
final class JavaFormat implements PayloadFormat {
  /** Checked before the class patterns, by a filter of their own. */
  static final String LIMITS = "maxdepth=64;maxrefs=1000000;maxarray=1000000";
  /**
   * What boxed numbers, enums and collections need besides the user's patterns: {@code
   * java.lang.Object} is there for the {@code Object[]} that {@code ArrayList} and others check
   * (an {@code Object} itself is not serializable; each element is checked on its own).
   */
  static final String JDK_VALUES =
      "java.lang.Object;java.lang.Number;java.lang.Boolean;java.lang.Byte;java.lang.Short;java.lang.Integer;java.lang.Long;"
          + "java.lang.Float;java.lang.Double;java.lang.Character;java.lang.Enum;java.math.BigInteger;java.math.BigDecimal";

  private final ObjectInputFilter limits = ObjectInputFilter.Config.createFilter(LIMITS);
  private final ObjectInputFilter classes;
  private final String allow;

  /**
   * @param allow the {@code java_allow} patterns, e.g. {@code com.example.**;java.util.*}
   * @throws IllegalArgumentException for a malformed pattern, a limit, or a pattern that allows
   *     every class
   */
  JavaFormat(String allow) {
    this.allow = allow;
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
                + " patterns only (Kaju sets the limits " + LIMITS + ")");
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
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, int start) throws Exception {
    String[] refusal = new String[1];
    ObjectInputFilter filter =
        info -> {
          ObjectInputFilter.Status status = limits.checkInput(info);
          if (status == ObjectInputFilter.Status.REJECTED) {
            refusal[0] = "over the limits " + LIMITS + " (depth " + info.depth() + ", references "
                + info.references() + ", array length " + info.arrayLength() + ")";
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
