package dev.kaju.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.kaju.internal.NullValue;
import dev.kaju.support.GeneratedCodec;
import dev.kaju.support.MalformedValueException;
import dev.kaju.support.Stamped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code serializer=json}: values as plain JSON, read and written with Jackson's streaming parser
 * and generator only (no databind, so no class is ever named, loaded or built from the JSON).
 *
 * <p>{@code null}, booleans, strings, {@code Integer}s, finite {@code Double}s, lists and maps with
 * string keys are written as themselves and read back as {@code Boolean}, {@code String}, {@code
 * Integer} (a whole number beyond an {@code int}: {@code Long}, then {@code BigInteger}), {@code
 * Double}, {@code ArrayList} and {@code LinkedHashMap}. Everything else is an object of one member
 * whose name starts with {@code @}:
 *
 * <ul>
 *   <li>{@code {"@long":5}} a {@code Long}; {@code {"@set":[...]}} a set, read as a {@code
 *       LinkedHashSet}; {@code {"@map":[k1,v1,k2,v2]}} a map with keys other than strings;
 *   <li>{@code {"@stamped":[at,value]}} the stamped result of {@code @Soft} and {@code @Early};
 *   <li>{@code {"@binary":"<base64>"}} any other value as {@link BinaryFormat} writes it: the
 *       other numbers, {@code java.time}, {@code UUID}, {@code Optional}, and the types registered
 *       with {@code Codecs.register}, by the name they were registered under.
 * </ul>
 *
 * <p>A map key that starts with {@code @} is written with one more {@code @}. Any other {@code @}
 * name, nesting deeper than {@value BinaryFormat#MAX_DEPTH} levels, or anything after the value
 * makes the read fail: a miss.
 *
 * <p>Only this class refers to Jackson: it is loaded only for {@code serializer=json}, so the
 * runtime works without Jackson on the class path.
 */
final class JsonFormat implements PayloadFormat {
  private static final String LONG = "@long";
  private static final String SET = "@set";
  private static final String MAP = "@map";
  private static final String BINARY_VALUE = "@binary";
  private static final String STAMPED = "@stamped";
  private static final String GENERATED = "@generated";

  private final JsonFactory factory =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final BinaryFormat binary;

  /** @param binary writes and reads what plain JSON cannot hold ({@code "@binary"}) */
  JsonFormat(BinaryFormat binary) {
    this.binary = binary;
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
    try (JsonGenerator out = factory.createGenerator(bytes)) {
      write(out, value, 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  void write(JsonGenerator out, @Nullable Object value, int depth) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    if (depth > BinaryFormat.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "cannot encode a value nested more than " + BinaryFormat.MAX_DEPTH
              + " levels deep with serializer=json (does a collection contain itself?)");
    }
    Class<?> type = value.getClass();
    if (type == String.class) {
      out.writeString((String) value);
    } else if (type == Boolean.class) {
      out.writeBoolean((Boolean) value);
    } else if (type == Integer.class) {
      out.writeNumber((Integer) value);
    } else if (type == Double.class && Double.isFinite((Double) value)) {
      out.writeNumber((Double) value);
    } else if (type == Long.class) {
      out.writeStartObject();
      out.writeNumberField(LONG, (Long) value);
      out.writeEndObject();
    } else if (type == Stamped.class) {
      Stamped stamped = (Stamped) value;
      out.writeStartObject();
      out.writeFieldName(STAMPED);
      out.writeStartArray();
      out.writeNumber(stamped.at());
      write(out, stamped.value(), depth + 1);
      out.writeEndArray();
      out.writeEndObject();
    } else if (binary.registersExactly(type)) {
      writeBinary(out, value);
    } else if (writesGenerated(out, value, depth)) {
      return;
    } else if (value instanceof List) {
      writeArray(out, (List<?>) value, depth);
    } else if (value instanceof Set) {
      out.writeStartObject();
      out.writeFieldName(SET);
      writeArray(out, (Set<?>) value, depth);
      out.writeEndObject();
    } else if (value instanceof Map) {
      writeMap(out, (Map<?, ?>) value, depth);
    } else {
      writeBinary(out, value);
    }
  }

  /** Writes {@code value} with the codec the processor generated for its type, if there is one. */
  private boolean writesGenerated(JsonGenerator out, Object value, int depth) throws IOException {
    GeneratedCodec<?> codec = binary.generated(BinaryFormat.codecClass(value));
    if (codec == null) {
      return false;
    }
    writeGenerated(out, codec, value, depth);
    return true;
  }

  /**
   * {@code {"@generated":["com.example.User","<schema fingerprint, hex>",{...}]}}: a value of a type
   * the processor wrote a codec for, its components by name.
   */
  private <T> void writeGenerated(JsonGenerator out, GeneratedCodec<T> codec, Object value, int depth) throws IOException {
    out.writeStartObject();
    out.writeFieldName(GENERATED);
    out.writeStartArray();
    out.writeString(codec.type().getName());
    out.writeString(String.format("%016x", codec.fingerprint()));
    JsonValueWriter w = new JsonValueWriter(out, this);
    w.enter(depth);
    try {
      codec.write(w, codec.type().cast(value));
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private void writeArray(JsonGenerator out, Collection<?> values, int depth) throws IOException {
    out.writeStartArray();
    for (Object v : values) {
      write(out, v, depth + 1);
    }
    out.writeEndArray();
  }

  private void writeMap(JsonGenerator out, Map<?, ?> map, int depth) throws IOException {
    out.writeStartObject();
    if (map.keySet().stream().allMatch(k -> k instanceof String)) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = (String) e.getKey();
        out.writeFieldName(key.startsWith("@") ? "@" + key : key);
        write(out, e.getValue(), depth + 1);
      }
    } else {
      out.writeFieldName(MAP);
      out.writeStartArray();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        write(out, e.getKey(), depth + 1);
        write(out, e.getValue(), depth + 1);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private void writeBinary(JsonGenerator out, Object value) throws IOException {
    byte[] encoded;
    try {
      encoded = binary.encode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " with serializer=json: it stores strings, numbers,"
              + " booleans, lists, sets and maps, the binary codec's types (java.time, UUID, Optional, ...) and"
              + " types registered with Codecs.register; register a codec with Codecs.register("
              + BinaryFormat.simpleName(value) + ".class, encoder, decoder)",
          e);
    }
    out.writeStartObject();
    out.writeFieldName(BINARY_VALUE);
    out.writeBinary(encoded, 1, encoded.length - 1); // without the marker
    out.writeEndObject();
  }

  @Override
  public Object decode(byte[] bytes, int start) throws Exception {
    try (JsonParser in = factory.createParser(bytes, start, bytes.length - start)) {
      Object value = read(in, in.nextToken(), 0);
      if (value == null) {
        throw new BadValueException("a JSON null");
      }
      if (in.nextToken() != null) {
        throw new BadValueException("more JSON after the value, at " + in.currentLocation().getCharOffset());
      }
      return value;
    }
  }

  @Nullable Object read(JsonParser in, @Nullable JsonToken token, int depth) throws Exception {
    if (token == null) {
      throw new BadValueException("the JSON ends before its value");
    }
    if (token == JsonToken.VALUE_NULL) { // before the depth check, as write writes a null before checking
      return null;
    }
    if (depth > BinaryFormat.MAX_DEPTH) {
      throw new BadValueException("JSON nested more than " + BinaryFormat.MAX_DEPTH + " levels deep");
    }
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_STRING:
        return in.getText();
      case VALUE_NUMBER_INT:
        return in.getNumberValue(); // Integer, Long or BigInteger, the smallest that holds it
      case VALUE_NUMBER_FLOAT:
        return in.getDoubleValue();
      case START_ARRAY:
        return readArray(in, new ArrayList<>(), depth);
      case START_OBJECT:
        return readObject(in, depth);
      default:
        throw new BadValueException("unexpected JSON " + token);
    }
  }

  private <C extends Collection<@Nullable Object>> C readArray(JsonParser in, C values, int depth) throws Exception {
    for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
      values.add(read(in, t, depth + 1));
    }
    return values;
  }

  private Object readObject(JsonParser in, int depth) throws Exception {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      String name = in.currentName();
      if (name.startsWith("@") && !name.startsWith("@@")) {
        if (!map.isEmpty()) {
          throw new BadValueException("the JSON name '" + name + "' is not a value's first and only member");
        }
        Object value = readTagged(in, name, depth);
        if (in.nextToken() != JsonToken.END_OBJECT) {
          throw new BadValueException("a '" + name + "' object with more than one member");
        }
        return value;
      }
      map.put(name.startsWith("@") ? name.substring(1) : name, read(in, in.nextToken(), depth + 1));
    }
    return map;
  }

  /** The value of the member {@code name} (the parser is on its name). */
  private Object readTagged(JsonParser in, String name, int depth) throws Exception {
    JsonToken t = in.nextToken();
    switch (name) {
      case LONG:
        if (t != JsonToken.VALUE_NUMBER_INT || in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new BadValueException("'@long' holds " + t + ", not a whole number in a Long's range");
        }
        return in.getLongValue();
      case SET:
        expect(t, JsonToken.START_ARRAY, name);
        return readArray(in, new LinkedHashSet<>(), depth);
      case MAP:
        expect(t, JsonToken.START_ARRAY, name);
        List<@Nullable Object> flat = readArray(in, new ArrayList<>(), depth);
        if (flat.size() % 2 != 0) {
          throw new BadValueException("'@map' holds an odd number of keys and values");
        }
        Map<@Nullable Object, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
          map.put(flat.get(i), flat.get(i + 1));
        }
        return map;
      case STAMPED:
        expect(t, JsonToken.START_ARRAY, name);
        JsonToken atToken = in.nextToken();
        if (atToken != JsonToken.VALUE_NUMBER_INT || in.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new BadValueException("'@stamped' starts with " + atToken + ", not a time in epoch milliseconds");
        }
        long at = in.getLongValue();
        Object stampedValue = read(in, in.nextToken(), depth + 1);
        if (in.nextToken() != JsonToken.END_ARRAY) {
          throw new BadValueException("'@stamped' holds more than a time and a value");
        }
        return new Stamped(at, stampedValue);
      case GENERATED:
        expect(t, JsonToken.START_ARRAY, name);
        return readGenerated(in, depth);
      case BINARY_VALUE:
        expect(t, JsonToken.VALUE_STRING, name);
        byte[] encoded = in.getBinaryValue();
        byte[] payload = new byte[encoded.length + 1];
        payload[0] = BINARY;
        System.arraycopy(encoded, 0, payload, 1, encoded.length);
        Object value = binary.decode(payload, 1);
        if (value == NullValue.INSTANCE) {
          throw new BadValueException("'@binary' holds a null");
        }
        return value;
      default:
        // "@class" and other names of type-carrying JSON land here: never resolved, never loaded
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        throw new BadValueException(
            "unknown JSON name '" + Bytes.ascii(raw, 0, Math.min(raw.length, 60))
                + "' (serializer=json knows @long, @set, @map, @stamped, @generated and @binary, and never loads a class by name)");
    }
  }

  private Object readGenerated(JsonParser in, int depth) throws Exception {
    expect(in.nextToken(), JsonToken.VALUE_STRING, GENERATED);
    String name = in.getText();
    expect(in.nextToken(), JsonToken.VALUE_STRING, GENERATED);
    String schema = in.getText();
    GeneratedCodec<?> codec = binary.generated(name);
    if (codec == null) {
      throw new BadValueException(
          "no generated codec for " + shorten(name) + " in this JVM (the generated class that uses it has not been loaded)");
    }
    if (!schema.equals(String.format("%016x", codec.fingerprint()))) {
      throw new BadValueException(
          "stored with schema " + shorten(schema) + " of " + name + ", and this build's is "
              + String.format("%016x", codec.fingerprint()) + ": the type changed since the value was stored");
    }
    JsonValueReader r = new JsonValueReader(in, this);
    r.enter(depth);
    Object value;
    try {
      value = codec.read(r);
    } catch (MalformedValueException e) {
      throw new BadValueException("a " + name + " that cannot be read: " + e.getMessage(), e.getCause());
    } catch (RuntimeException e) {
      throw new BadValueException("the generated codec of " + name + " failed: " + e, e);
    }
    if (!codec.type().isInstance(value) || !r.done()) {
      throw new BadValueException("a " + name + " that cannot be read: " + (value == null ? "null" : "more JSON after it"));
    }
    expect(in.nextToken(), JsonToken.END_ARRAY, GENERATED);
    return value;
  }

  private static String shorten(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }

  private static void expect(@Nullable JsonToken token, JsonToken expected, String name) throws BadValueException {
    if (token != expected) {
      throw new BadValueException("'" + name + "' holds " + token + ", not " + expected);
    }
  }
}
