package dev.kaju.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: renders one key part, the same way on every JVM run.
 *
 * <ul>
 *   <li>{@code null} and an empty {@code Optional}: {@code ""}; a present {@code Optional}: its value;
 *   <li>booleans: {@code true} / {@code false}; numbers: {@code toString()} ({@code 1.5}, {@code 42});
 *   <li>enums: {@code name()}; characters and strings: themselves;
 *   <li>collections and arrays: items joined with {@code ":"} ({@code [1, "x", null, true]} is
 *       {@code 1:x::true});
 *   <li>maps: {@code key:value} pairs sorted by rendered key, joined with {@code ":"};
 *   <li>{@code byte[]}: its UTF-8 text when valid, else lower-case hex;
 *   <li>anything else: {@code toString()} (the processor warns when a type has no
 *       {@code toString()} of its own).
 * </ul>
 */
public final class KeyParts {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private KeyParts() {}

  public static String of(@Nullable String value) {
    return value == null ? "" : value;
  }

  public static String of(int value) {
    return Integer.toString(value);
  }

  public static String of(long value) {
    return Long.toString(value);
  }

  public static String of(boolean value) {
    return value ? "true" : "false";
  }

  public static String of(char value) {
    return String.valueOf(value);
  }

  public static String of(double value) {
    return Double.toString(value);
  }

  public static String of(float value) {
    return Float.toString(value);
  }

  public static String of(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Boolean) {
      return of(((Boolean) value).booleanValue());
    }
    if (value instanceof Enum) {
      return ((Enum<?>) value).name();
    }
    if (value instanceof Optional) {
      return of(((Optional<?>) value).orElse(null));
    }
    if (value instanceof byte[]) {
      return bytes((byte[]) value);
    }
    if (value instanceof Collection) {
      StringJoiner j = new StringJoiner(":");
      for (Object o : (Collection<?>) value) {
        j.add(of(o));
      }
      return j.toString();
    }
    if (value instanceof Map) {
      List<String[]> pairs = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        pairs.add(new String[] {of(e.getKey()), of(e.getValue())});
      }
      pairs.sort((a, b) -> a[0].compareTo(b[0]));
      StringJoiner j = new StringJoiner(":");
      for (String[] p : pairs) {
        j.add(p[0]).add(p[1]);
      }
      return j.toString();
    }
    if (value instanceof Object[]) {
      StringJoiner j = new StringJoiner(":");
      for (Object o : (Object[]) value) {
        j.add(of(o));
      }
      return j.toString();
    }
    if (value.getClass().isArray()) {
      return primitiveArray(value);
    }
    return value.toString();
  }

  private static String primitiveArray(Object array) {
    StringJoiner j = new StringJoiner(":");
    if (array instanceof int[]) {
      for (int v : (int[]) array) {
        j.add(of(v));
      }
    } else if (array instanceof long[]) {
      for (long v : (long[]) array) {
        j.add(of(v));
      }
    } else if (array instanceof boolean[]) {
      for (boolean v : (boolean[]) array) {
        j.add(of(v));
      }
    } else if (array instanceof char[]) {
      return new String((char[]) array);
    } else if (array instanceof double[]) {
      for (double v : (double[]) array) {
        j.add(of(v));
      }
    } else if (array instanceof float[]) {
      for (float v : (float[]) array) {
        j.add(of(v));
      }
    } else if (array instanceof short[]) {
      for (short v : (short[]) array) {
        j.add(of(v));
      }
    }
    return j.toString();
  }

  private static String bytes(byte[] b) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      return hex(b);
    }
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[b[i] & 0xF];
    }
    return new String(out);
  }
}
