package dev.kaju.internal.chronicle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The bytes kept in the map for one key: a header, then the payload.
 *
 * <pre>
 *   byte 0      type: PLAIN (codec bytes), LOCK (codec bytes of a lock's value), BITS, SET or SLICE
 *   bytes 1..8  expiry time, epoch milliseconds of the backend's clock; Long.MAX_VALUE: none
 *   bytes 9..16 last write or read, epoch milliseconds: what eviction compares
 *   bytes 17..  payload
 * </pre>
 *
 * Times are wall-clock milliseconds so that every process sharing the file, and the next run,
 * reads them the same way.
 */
final class Stored {
  static final byte PLAIN = 'v';
  static final byte BITS = 'b';
  static final byte SET = 's';
  static final byte SLICE = 'w';
  /**
   * A lock taken by {@code setLock}: read like {@link #PLAIN}, but never evicted by the entries
   * bound while it lives (an evicted lock would let a second caller take it).
   */
  static final byte LOCK = 'l';

  static final long NO_EXPIRY = Long.MAX_VALUE;
  static final int HEADER = 17;

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private Stored() {}

  static byte[] of(byte type, long expiresAt, long touchedAt, byte[] payload) {
    byte[] b = new byte[HEADER + payload.length];
    b[0] = type;
    LONG.set(b, 1, expiresAt);
    LONG.set(b, 9, touchedAt);
    System.arraycopy(payload, 0, b, HEADER, payload.length);
    return b;
  }

  /** Whether {@code b} is something this backend wrote (a foreign or torn value reads as missing). */
  static boolean valid(byte @Nullable [] b) {
    return b != null && problem(b) == null;
  }

  /**
   * What makes {@code b} unreadable, or {@code null} when it is well formed: a known type, a whole
   * header, and a payload whose counts and lengths fit in the bytes that follow them. Every reader
   * below relies on this check, so nothing read from the file can ask for more memory than the
   * entry itself holds (whoever can write to the file may plant any bytes).
   */
  static @Nullable String problem(byte[] b) {
    if (b.length < HEADER) {
      return "shorter than the " + HEADER + "-byte header: " + b.length + " bytes";
    }
    switch (b[0]) {
      case PLAIN:
      case LOCK:
        return null;
      case BITS:
      case SLICE:
        int length = b.length - HEADER;
        return length % 8 == 0 ? null : "a payload of 8-byte words is " + length + " bytes long";
      case SET:
        return membersProblem(b, HEADER);
      default:
        return "unknown type byte " + (b[0] & 0xff);
    }
  }

  private static @Nullable String membersProblem(byte[] b, int from) {
    if (b.length - from < 4) {
      return "a set without its member count";
    }
    int n = (int) INT.get(b, from);
    int pos = from + 4;
    // each member takes at least its 4-byte length
    if (n < 0 || n > (b.length - pos) / 4) {
      return "a set of " + n + " members in " + (b.length - pos) + " bytes";
    }
    for (int i = 0; i < n; i++) {
      if (b.length - pos < 4) {
        return "member " + i + " of a set has no length";
      }
      int len = (int) INT.get(b, pos);
      pos += 4;
      if (len < 0 || len > b.length - pos) {
        return "member " + i + " of a set is " + len + " bytes long, " + (b.length - pos) + " remain";
      }
      pos += len;
    }
    return pos == b.length ? null : (b.length - pos) + " bytes after the last member of a set";
  }

  static byte type(byte[] b) {
    return b[0];
  }

  /** Whether {@code b} holds codec bytes: a value or a lock, what {@code get} reads. */
  static boolean plain(byte[] b) {
    return b[0] == PLAIN || b[0] == LOCK;
  }

  static long expiresAt(byte[] b) {
    return (long) LONG.get(b, 1);
  }

  static long touchedAt(byte[] b) {
    return (long) LONG.get(b, 9);
  }

  static boolean live(byte[] b, long now) {
    if (!valid(b)) {
      return false;
    }
    long at = expiresAt(b);
    return at == NO_EXPIRY || at > now;
  }

  static byte[] payload(byte[] b) {
    return Arrays.copyOfRange(b, HEADER, b.length);
  }

  static int payloadLength(byte[] b) {
    return b.length - HEADER;
  }

  /** A copy of {@code b} with another last-use time. */
  static byte[] touched(byte[] b, long touchedAt) {
    byte[] copy = b.clone();
    LONG.set(copy, 9, touchedAt);
    return copy;
  }

  /** A copy of {@code b} with another expiry time. */
  static byte[] withExpiry(byte[] b, long expiresAt, long touchedAt) {
    byte[] copy = b.clone();
    LONG.set(copy, 1, expiresAt);
    LONG.set(copy, 9, touchedAt);
    return copy;
  }

  static String describe(byte type) {
    switch (type) {
      case BITS:
        return "a bit array";
      case SET:
        return "a set";
      case SLICE:
        return "a sliding-window counter";
      case LOCK:
        return "a lock";
      default:
        return "a value";
    }
  }

  // ---- payloads of the structures ----

  static long[] longs(byte[] payload) {
    long[] out = new long[payload.length / 8];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) LONG.get(payload, i * 8);
    }
    return out;
  }

  static byte[] longs(long[] values, int count) {
    byte[] out = new byte[count * 8];
    for (int i = 0; i < count; i++) {
      LONG.set(out, i * 8, values[i]);
    }
    return out;
  }

  /** Members of a set, in insertion order: a count, then each member as a length and UTF-8 bytes. */
  static Set<String> members(byte[] payload) {
    String problem = membersProblem(payload, 0);
    if (problem != null) { // never reached for bytes that passed problem(): the checks are the same
      throw new IllegalStateException("damaged set: " + problem);
    }
    int n = (int) INT.get(payload, 0);
    Set<String> out = new LinkedHashSet<>(Math.max(4, n * 2));
    int pos = 4;
    for (int i = 0; i < n; i++) {
      int len = (int) INT.get(payload, pos);
      pos += 4;
      out.add(new String(payload, pos, len, StandardCharsets.UTF_8));
      pos += len;
    }
    return out;
  }

  static byte[] members(Set<String> members) {
    List<byte[]> encoded = new ArrayList<>(members.size());
    int size = 4;
    for (String m : members) {
      byte[] b = m.getBytes(StandardCharsets.UTF_8);
      encoded.add(b);
      size += 4 + b.length;
    }
    byte[] out = new byte[size];
    INT.set(out, 0, members.size());
    int pos = 4;
    for (byte[] b : encoded) {
      INT.set(out, pos, b.length);
      pos += 4;
      System.arraycopy(b, 0, out, pos, b.length);
      pos += b.length;
    }
    return out;
  }
}
