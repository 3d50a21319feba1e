package dev.kaju.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kaju.support.MalformedValueException;
import dev.kaju.support.ValueReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ValueReader} of {@link JsonFormat}: reads what {@link JsonValueWriter} wrote, in the
 * same order (a component out of place, a missing or extra one, a value of another JSON type is a
 * {@link MalformedValueException}, so a miss). It names no class: the generated codec says what
 * each component is.
 */
final class JsonValueReader extends ValueReader {
  private final JsonParser in;
  private final JsonFormat format;
  private @Nullable JsonToken pending;

  JsonValueReader(JsonParser in, JsonFormat format) {
    this.in = in;
    this.format = format;
  }

  void enter(int depth) {
    depth(depth);
  }

  /** Whether every token this reader looked at was used. */
  boolean done() {
    return pending == null;
  }

  private JsonToken next() {
    JsonToken t = pending;
    if (t != null) {
      pending = null;
      return t;
    }
    try {
      t = in.nextToken();
    } catch (IOException e) {
      throw new MalformedValueException("bad JSON: " + e.getMessage(), e);
    }
    if (t == null) {
      throw malformed("the JSON ends early");
    }
    return t;
  }

  private JsonToken peek() {
    if (pending == null) {
      pending = next();
    }
    return pending;
  }

  private JsonToken expect(JsonToken expected, String what) {
    JsonToken t = next();
    if (t != expected) {
      throw malformed("expected " + what + ", found " + t);
    }
    return t;
  }

  private String text() {
    try {
      return in.getText();
    } catch (IOException e) {
      throw new MalformedValueException("bad JSON: " + e.getMessage(), e);
    }
  }

  private long whole(long min, long max, String what) {
    JsonToken t = next();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw malformed("expected " + what + ", found " + t);
    }
    try {
      if (in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw malformed(what + " out of range");
      }
      long v = in.getLongValue();
      if (v < min || v > max) {
        throw malformed(what + " out of range: " + v);
      }
      return v;
    } catch (IOException e) {
      throw new MalformedValueException("bad JSON number: " + e.getMessage(), e);
    }
  }

  private double decimal(String what) {
    JsonToken t = next();
    try {
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        return in.getDoubleValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        switch (text()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
    } catch (IOException e) {
      throw new MalformedValueException("bad JSON number: " + e.getMessage(), e);
    }
    throw malformed("expected " + what + ", found " + t);
  }

  @Override
  public boolean readBoolean() {
    JsonToken t = next();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw malformed("expected a boolean, found " + t);
  }

  @Override
  public byte readByte() {
    return (byte) whole(Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte");
  }

  @Override
  public short readShort() {
    return (short) whole(Short.MIN_VALUE, Short.MAX_VALUE, "a short");
  }

  @Override
  public char readChar() {
    expect(JsonToken.VALUE_STRING, "a char");
    String s = text();
    if (s.length() != 1) {
      throw malformed("expected one char, found " + s.length());
    }
    return s.charAt(0);
  }

  @Override
  public int readInt() {
    return (int) whole(Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
  }

  @Override
  public long readLong() {
    return whole(Long.MIN_VALUE, Long.MAX_VALUE, "a long");
  }

  @Override
  public float readFloat() {
    return (float) decimal("a float");
  }

  @Override
  public double readDouble() {
    return decimal("a double");
  }

  @Override
  public void field(String name) {
    expect(JsonToken.FIELD_NAME, "the member '" + name + "'");
    String found;
    try {
      found = in.currentName();
    } catch (IOException e) {
      throw new MalformedValueException("bad JSON: " + e.getMessage(), e);
    }
    if (!name.equals(found)) {
      throw malformed("expected the member '" + name + "', found '" + shorten(found) + "'");
    }
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  @Override
  public boolean beginRecord() {
    JsonToken t = next();
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (t != JsonToken.START_OBJECT) {
      throw malformed("expected an object, found " + t);
    }
    return true;
  }

  @Override
  public void endRecord() {
    expect(JsonToken.END_OBJECT, "the end of the object");
  }

  @Override
  public int readEnum(Enum<?>[] constants) {
    JsonToken t = next();
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw malformed("expected an enum constant's name, found " + t);
    }
    String name = text();
    for (Enum<?> c : constants) {
      if (c.name().equals(name)) {
        return c.ordinal();
      }
    }
    throw malformed("no constant '" + shorten(name) + "'");
  }

  @Override
  public int readSubtype(String[] names) {
    field(JsonValueWriter.SUBTYPE);
    expect(JsonToken.VALUE_STRING, "a subtype's name");
    String name = text();
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw malformed("no subtype '" + shorten(name) + "'");
  }

  @Override
  public int beginElements(int minBytes) {
    JsonToken t = next();
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (t != JsonToken.START_ARRAY) {
      throw malformed("expected an array, found " + t);
    }
    return UNKNOWN_SIZE;
  }

  @Override
  public boolean hasMore() {
    return peek() != JsonToken.END_ARRAY;
  }

  @Override
  public void endElements() {
    expect(JsonToken.END_ARRAY, "the end of the array");
  }

  @Override
  public <T> @Nullable T readValue(Class<T> type) {
    if (type == String.class || type == Character.class || type == UUID.class || JsonValueWriter.TIME_TYPES.contains(type)) {
      JsonToken t = next();
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t != JsonToken.VALUE_STRING) {
        throw malformed("expected a " + type.getSimpleName() + " as text, found " + t);
      }
      return type.cast(parse(type, text()));
    }
    if (type == Boolean.class || type == Integer.class || type == Long.class || type == Short.class
        || type == Byte.class || type == Double.class || type == Float.class || type == BigDecimal.class
        || type == BigInteger.class || type == byte[].class) {
      if (peek() == JsonToken.VALUE_NULL) {
        next();
        return null;
      }
      return type.cast(scalar(type));
    }
    Object value = readAny();
    if (value != null && !type.isInstance(value)) {
      throw malformed("expected a " + type.getName() + ", found a " + value.getClass().getName());
    }
    return type.cast(value);
  }

  private Object scalar(Class<?> type) {
    if (type == Boolean.class) {
      return readBoolean();
    }
    if (type == Integer.class) {
      return readInt();
    }
    if (type == Long.class) {
      return readLong();
    }
    if (type == Short.class) {
      return readShort();
    }
    if (type == Byte.class) {
      return readByte();
    }
    if (type == Double.class) {
      return readDouble();
    }
    if (type == Float.class) {
      return readFloat();
    }
    JsonToken t = next();
    try {
      if (type == byte[].class) {
        if (t != JsonToken.VALUE_STRING) {
          throw malformed("expected base64 text, found " + t);
        }
        return in.getBinaryValue();
      }
      if (t != JsonToken.VALUE_NUMBER_INT && (type == BigInteger.class || t != JsonToken.VALUE_NUMBER_FLOAT)) {
        throw malformed("expected a " + type.getSimpleName() + ", found " + t);
      }
      return type == BigInteger.class ? in.getBigIntegerValue() : in.getDecimalValue();
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedValueException("bad JSON " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private Object parse(Class<?> type, String text) {
    if (text.length() > 200) {
      throw malformed("a " + type.getSimpleName() + " of " + text.length() + " chars");
    }
    try {
      if (type == String.class) {
        return text;
      }
      if (type == Character.class) {
        if (text.length() != 1) {
          throw malformed("expected one char, found " + text.length());
        }
        return text.charAt(0);
      }
      if (type == UUID.class) {
        return UUID.fromString(text);
      }
      if (type == Instant.class) {
        return Instant.parse(text);
      }
      if (type == LocalDate.class) {
        return LocalDate.parse(text);
      }
      if (type == LocalTime.class) {
        return LocalTime.parse(text);
      }
      if (type == LocalDateTime.class) {
        return LocalDateTime.parse(text);
      }
      if (type == OffsetDateTime.class) {
        return OffsetDateTime.parse(text);
      }
      if (type == ZonedDateTime.class) {
        return ZonedDateTime.parse(text);
      }
      if (type == Duration.class) {
        return Duration.parse(text);
      }
      return Period.parse(text);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw malformed("not a " + type.getSimpleName() + ": '" + shorten(text) + "'");
    }
  }

  @Override
  public @Nullable Object readAny() {
    try {
      return format.read(in, next(), depth());
    } catch (MalformedValueException e) {
      throw e;
    } catch (BadValueException e) {
      throw new MalformedValueException(e.getMessage(), e);
    } catch (Exception e) {
      throw new MalformedValueException("bad JSON: " + e, e);
    }
  }

  @Override
  public MalformedValueException malformed(String reason) {
    return new MalformedValueException(reason + " (at char " + in.currentLocation().getCharOffset() + ")");
  }
}
