package dev.kaju.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kaju.support.ValueWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The {@link ValueWriter} of {@link JsonFormat}: a generated codec's record as a JSON object of
 * its components by name, an enum constant by name, a sealed type's subtype as {@code "@type"},
 * collections as arrays (a map's keys and values alternating), and the types JSON cannot hold as
 * themselves in the text forms Jackson's {@code JavaTimeModule} writes: ISO-8601 for {@code
 * java.time}, a {@code UUID}'s canonical form, base64 for {@code byte[]}.
 */
final class JsonValueWriter extends ValueWriter {
  static final String SUBTYPE = "@type";

  private final JsonGenerator out;
  private final JsonFormat format;

  JsonValueWriter(JsonGenerator out, JsonFormat format) {
    this.out = out;
    this.format = format;
  }

  void enter(int depth) {
    depth(depth);
  }

  @Override
  public void writeBoolean(boolean value) {
    try {
      out.writeBoolean(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeByte(byte value) {
    writeLong(value);
  }

  @Override
  public void writeShort(short value) {
    writeLong(value);
  }

  @Override
  public void writeChar(char value) {
    string(String.valueOf(value));
  }

  @Override
  public void writeInt(int value) {
    writeLong(value);
  }

  @Override
  public void writeLong(long value) {
    try {
      out.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeFloat(float value) {
    try {
      if (Float.isFinite(value)) {
        out.writeNumber(value);
      } else {
        out.writeString(Float.toString(value)); // NaN, Infinity, -Infinity: JSON has no number for them
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeDouble(double value) {
    try {
      if (Double.isFinite(value)) {
        out.writeNumber(value);
      } else {
        out.writeString(Double.toString(value));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void string(@Nullable String value) {
    try {
      if (value == null) {
        out.writeNull();
      } else {
        out.writeString(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void field(String name) {
    try {
      out.writeFieldName(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beginRecord(boolean present) {
    try {
      if (present) {
        out.writeStartObject();
      } else {
        out.writeNull();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void endRecord() {
    try {
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeEnum(int ordinal, @Nullable String name) {
    string(ordinal < 0 ? null : name);
  }

  @Override
  public void writeSubtype(int index, String name) {
    field(SUBTYPE);
    string(name);
  }

  @Override
  public void beginElements(int size) {
    try {
      if (size < 0) {
        out.writeNull();
      } else {
        out.writeStartArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void endElements() {
    try {
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeValue(Class<?> type, @Nullable Object value) {
    try {
      if (value == null) {
        out.writeNull();
      } else if (value instanceof String || value instanceof Character || value instanceof UUID || TIME_TYPES.contains(value.getClass())) {
        out.writeString(value.toString());
      } else if (value instanceof Boolean) {
        out.writeBoolean((Boolean) value);
      } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
        out.writeNumber(((Number) value).longValue());
      } else if (value instanceof Double) {
        writeDouble((Double) value);
      } else if (value instanceof Float) {
        writeFloat((Float) value);
      } else if (value instanceof BigDecimal) {
        out.writeNumber((BigDecimal) value);
      } else if (value instanceof BigInteger) {
        out.writeNumber((BigInteger) value);
      } else if (value instanceof byte[]) {
        byte[] bytes = (byte[]) value;
        out.writeBinary(bytes, 0, bytes.length);
      } else {
        writeAny(value); // a registered type, an Optional, a collection: with its tag
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code java.time} types (all final) that JSON stores as their ISO-8601 text. */
  static final java.util.Set<Class<?>> TIME_TYPES = java.util.Set.of(
      Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class,
      Duration.class, Period.class);

  @Override
  public void writeAny(@Nullable Object value) {
    try {
      format.write(out, value, depth());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
