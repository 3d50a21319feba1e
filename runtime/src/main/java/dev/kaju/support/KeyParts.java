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
 *
 * <p>That rendering ({@link #of}) is what key templates use, as cashews does: the user shapes the
 * key. The default key (no {@code key} attribute) uses {@link #exact} instead, an injective
 * rendering, so that two different argument lists never share a key:
 *
 * <ul>
 *   <li>{@code null}: {@code %null}; an empty {@code Optional}: {@code %empty}; a present one:
 *       its value;
 *   <li>text (strings, characters, {@code toString()} of other objects): itself, with {@code %},
 *       {@code :}, {@code ,}, {@code =}, {@code [}, {@code ]}, {@code {}} and {@code }}
 *       percent-encoded ({@code "a:b"} is {@code a%3Ab}), so a value never reads as a separator
 *       and {@code %} followed by a letter never occurs in text;
 *   <li>numbers, booleans, enums: as above ({@code 42}, {@code true}, {@code RED});
 *   <li>{@code byte[]}: {@code %x} and lower-case hex ({@code {0x61, 0x62}} is {@code %x6162});
 *   <li>collections and arrays: {@code [a,b,c]}; an empty string inside one is {@code %-}, so
 *       {@code [""]} and {@code []} differ; maps: {@code {k=v,k2=v2}}, sorted by rendered key.
 * </ul>
 *
 * <p>Values of different classes that print alike ({@code 1} and {@code "1"}) render alike, so a
 * parameter declared as {@code Object} (or another supertype) can still see two arguments share a
 * key; declare the precise type, or write a key template.
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

  /**
   * The rendering of {@code {@:get(name)}} in the key of {@code method}.
   *
   * @throws IllegalStateException when no open {@code KeyContext} scope sets {@code name}
   */
  public static String context(String name, String method) {
    if (!dev.kaju.KeyContext.contains(name)) {
      throw new IllegalStateException(
          method + ": its key reads {@:get(" + name + ")}, and no KeyContext scope on this thread sets '" + name
              + "'; call it inside try (var s = KeyContext.with(\"" + name + "\", value)) { ... } (an unset name"
              + " would otherwise render as \"\" and let every such caller share one entry)");
    }
    return of(dev.kaju.KeyContext.get(name));
  }

  /** What {@link #exact} renders for {@code null}. */
  public static final String NULL = "%null";

  /** What {@link #exact} renders for an empty {@code Optional}. */
  public static final String EMPTY = "%empty";

  /** The injective rendering of a text argument of the default key. */
  public static String exact(@Nullable String value) {
    return value == null ? NULL : escape(value);
  }

  /** The injective rendering of a {@code char} argument of the default key. */
  public static String exact(char value) {
    return escape(String.valueOf(value));
  }

  /** The injective rendering of an argument of the default key (see the class description). */
  public static String exact(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    exact(value, false, out);
    return out.toString();
  }

  private static void exact(@Nullable Object value, boolean nested, StringBuilder out) {
    if (value == null) {
      out.append(NULL);
    } else if (value instanceof String || value instanceof Character) {
      String text = value.toString();
      if (nested && text.isEmpty()) {
        out.append("%-");
      } else {
        escape(text, out);
      }
    } else if (value instanceof Boolean || value instanceof Number || value instanceof Enum) {
      escape(of(value), out);
    } else if (value instanceof Optional) {
      Optional<?> o = (Optional<?>) value;
      if (o.isPresent()) {
        exact(o.get(), nested, out);
      } else {
        out.append(EMPTY);
      }
    } else if (value instanceof byte[]) {
      out.append("%x").append(hex((byte[]) value));
    } else if (value instanceof char[]) {
      exact(new String((char[]) value), nested, out);
    } else if (value instanceof Collection) {
      items((Collection<?>) value, out);
    } else if (value instanceof Object[]) {
      items(java.util.Arrays.asList((Object[]) value), out);
    } else if (value.getClass().isArray()) {
      items(boxed(value), out);
    } else if (value instanceof Map) {
      List<String[]> pairs = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        StringBuilder k = new StringBuilder();
        exact(e.getKey(), true, k);
        StringBuilder v = new StringBuilder();
        exact(e.getValue(), true, v);
        pairs.add(new String[] {k.toString(), v.toString()});
      }
      pairs.sort((a, b) -> a[0].compareTo(b[0]));
      out.append('{');
      for (int i = 0; i < pairs.size(); i++) {
        out.append(i == 0 ? "" : ",").append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
      }
      out.append('}');
    } else {
      exact(value.toString(), nested, out);
    }
  }

  /**
   * The elements of a primitive array other than {@code byte[]} and {@code char[]}, boxed; both
   * renderings ({@link #of} and {@link #exact}) walk arrays through it.
   */
  private static List<Object> boxed(Object array) {
    List<Object> out = new ArrayList<>();
    if (array instanceof int[]) {
      for (int v : (int[]) array) {
        out.add(v);
      }
    } else if (array instanceof long[]) {
      for (long v : (long[]) array) {
        out.add(v);
      }
    } else if (array instanceof boolean[]) {
      for (boolean v : (boolean[]) array) {
        out.add(v);
      }
    } else if (array instanceof double[]) {
      for (double v : (double[]) array) {
        out.add(v);
      }
    } else if (array instanceof float[]) {
      for (float v : (float[]) array) {
        out.add(v);
      }
    } else if (array instanceof short[]) {
      for (short v : (short[]) array) {
        out.add(v);
      }
    }
    return out;
  }

  private static void items(Collection<?> items, StringBuilder out) {
    out.append('[');
    boolean first = true;
    for (Object o : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      exact(o, true, out);
    }
    out.append(']');
  }

  private static String escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (special(text.charAt(i))) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        escape(text, out);
        return out.toString();
      }
    }
    return text;
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (special(c)) {
        out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
  }

  private static boolean special(char c) {
    return c == '%' || c == ':' || c == ',' || c == '=' || c == '[' || c == ']' || c == '{' || c == '}';
  }

  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private static String primitiveArray(Object array) {
    if (array instanceof char[]) {
      return new String((char[]) array);
    }
    StringJoiner j = new StringJoiner(":");
    for (Object v : boxed(array)) {
      j.add(of(v));
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
