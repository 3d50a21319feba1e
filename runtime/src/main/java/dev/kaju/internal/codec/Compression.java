package dev.kaju.internal.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * {@code compress=gzip|zlib}: a payload of at least {@code compress_min} and at most {@code
 * compress_max} bytes is stored as a compression marker ({@link PayloadFormat#ZLIB} or {@link
 * PayloadFormat#GZIP}) followed by the gzip (RFC 1952) or zlib (RFC 1950) stream of the payload,
 * when that is shorter than the payload. It happens before signing, so a signature covers the
 * compressed bytes and is checked before any of them is inflated.
 *
 * <p>Reading inflates either algorithm whatever {@code compress} says, and stops with a {@link
 * BadValueException} (a miss) as soon as the output would exceed {@code compress_max}: a few KB
 * planted in the store never allocate more than that. Corrupt, truncated or trailing data, a wrong
 * checksum, a gzip size field that disagrees, a zlib preset dictionary and a payload compressed
 * twice are misses too. The output grows by doubling from a pooled buffer, so the memory a read
 * takes follows what the data really inflates to.
 *
 * <p>Both algorithms run raw deflate through a small shared pool of {@link Deflater}s and {@link
 * Inflater}s (creating one costs a native allocation of up to 256 KB) and write and check the
 * gzip and zlib framing here.
 */
final class Compression {
  /** The default {@code compress_min}: see the README for why not 0. */
  static final long DEFAULT_MIN = 1024;
  /** The default {@code compress_max}: 16 MiB. */
  static final long DEFAULT_MAX = 16L << 20;
  /** The largest {@code compress_max}: the longest array a JVM allocates. */
  static final long LARGEST_MAX = Integer.MAX_VALUE - 8;

  /** The compression algorithms of {@code compress}. */
  enum Algorithm {
    ZLIB("zlib", PayloadFormat.ZLIB, 2, 4),
    GZIP("gzip", PayloadFormat.GZIP, 10, 8);

    final String id;
    final byte marker;
    /** The length of the header Kaju writes and of the trailer. */
    final int header;
    final int trailer;

    Algorithm(String id, byte marker, int header, int trailer) {
      this.id = id;
      this.marker = marker;
      this.header = header;
      this.trailer = trailer;
    }

    /** The algorithm named {@code name} (any case), or {@code null}. */
    static @Nullable Algorithm byName(String name) {
      for (Algorithm a : values()) {
        if (a.id.equals(name.toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
      return null;
    }

    /** The algorithm whose payloads start with {@code marker}, or {@code null}. */
    static @Nullable Algorithm byMarker(byte marker) {
      return marker == PayloadFormat.ZLIB ? ZLIB : marker == PayloadFormat.GZIP ? GZIP : null;
    }

    Checksum checksum() {
      return this == GZIP ? new CRC32() : new Adler32();
    }
  }

  /** Pooled buffers are kept up to this length; longer ones are left to the collector. */
  private static final int KEPT_BUFFER = 64 * 1024;
  private static final int FIRST_BUFFER = 8 * 1024;
  private static final int POOLED = Math.min(16, 2 * Runtime.getRuntime().availableProcessors());
  private static final ArrayBlockingQueue<Deflating> DEFLATERS = new ArrayBlockingQueue<>(POOLED);
  private static final ArrayBlockingQueue<Inflating> INFLATERS = new ArrayBlockingQueue<>(POOLED);

  /**
   * The deflate level: the fastest. On binary payloads of maps of short lists, level 6 (zlib's
   * default) took about 1.4 times as long at 4 KB and 8 times at 30 KB, for output 2 to 7% shorter
   * (rough timings, one loaded machine); a cache pays it on every write.
   */
  private static final int LEVEL = Deflater.BEST_SPEED;
  /** {@code 0x78 0x01}: deflate, 32 KB window, fastest level, no dictionary. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};
  /** Deflate, no flags, no time, fastest level, unknown OS. */
  private static final byte[] GZIP_HEADER = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 4, (byte) 0xFF};

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final @Nullable Algorithm algorithm;
  private final long min;
  private final long max;

  /**
   * @param algorithm how to compress, or {@code null} to write uncompressed (and still read
   *     compressed payloads)
   * @param min the shortest payload to compress
   * @param max the longest payload to compress, and the most bytes a read inflates
   */
  Compression(@Nullable Algorithm algorithm, long min, long max) {
    if (min < 0 || max <= 0 || max > LARGEST_MAX) {
      throw new IllegalArgumentException("bad bounds " + min + ".." + max);
    }
    this.algorithm = algorithm;
    this.min = min;
    this.max = max;
  }

  /** Reads compressed payloads and writes none, with the default limit. */
  static Compression none() {
    return new Compression(null, DEFAULT_MIN, DEFAULT_MAX);
  }

  /**
   * The stored form of {@code payload}: compressed with its marker in front when compression is
   * on, the payload's length is within bounds and the result is shorter; else {@code payload}
   * itself.
   */
  byte[] compress(byte[] payload) {
    Algorithm a = algorithm;
    if (a == null || payload.length < min || payload.length > max) {
      return payload;
    }
    int limit = payload.length - 1; // the most bytes worth storing
    int trailerAt = limit - a.trailer;
    if (trailerAt <= 1 + a.header) {
      return payload;
    }
    Deflating w = deflating();
    try {
      byte[] out = w.buffer(limit);
      out[0] = a.marker;
      byte[] header = a == Algorithm.GZIP ? GZIP_HEADER : ZLIB_HEADER;
      System.arraycopy(header, 0, out, 1, header.length);
      int pos = 1 + header.length;
      Deflater deflater = w.deflater;
      deflater.setInput(payload);
      deflater.finish();
      while (!deflater.finished()) {
        int n = deflater.deflate(out, pos, trailerAt - pos);
        if (n == 0) {
          return payload; // out of room (not worth it), or no progress
        }
        pos += n;
      }
      Checksum checksum = a.checksum();
      checksum.update(payload, 0, payload.length);
      int sum = (int) checksum.getValue();
      if (a == Algorithm.GZIP) {
        putIntLe(out, pos, sum);
        putIntLe(out, pos + 4, payload.length);
      } else {
        putIntBe(out, pos, sum);
      }
      return Arrays.copyOf(out, pos + a.trailer);
    } finally {
      w.deflater.reset();
      w.release();
    }
  }

  /**
   * The payload that {@code stored[from..]} (just past {@code a}'s marker) inflates to.
   *
   * @throws BadValueException for anything but a well-formed stream of at most {@code max} bytes
   *     with the right checksum and nothing after it
   */
  byte[] inflate(Algorithm a, byte[] stored, int from) throws BadValueException {
    int start = a == Algorithm.GZIP ? gzipHeader(stored, from) : zlibHeader(stored, from);
    if (stored.length - start < a.trailer) {
      throw new BadValueException(a.id + " data truncated");
    }
    Inflating w = inflating();
    Inflater inflater = w.inflater;
    try {
      inflater.setInput(stored, start, stored.length - start);
      byte[] out = w.buffer;
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          // grow by doubling, up to one byte over the limit: that byte tells "too large"
          out = Arrays.copyOf(out, (int) Math.min(max + 1, 2L * out.length));
        }
        int r;
        try {
          r = inflater.inflate(out, n, out.length - n);
        } catch (DataFormatException e) {
          throw new BadValueException("corrupt " + a.id + " data (" + e.getMessage() + ")");
        }
        n += r;
        if (n > max) {
          throw new BadValueException(
              a.id + " data inflates to more than compress_max (" + max + " bytes); not read further");
        }
        if (r == 0 && !inflater.finished()) {
          if (inflater.needsDictionary()) {
            throw new BadValueException("zlib data needs a preset dictionary");
          }
          if (inflater.needsInput()) {
            throw new BadValueException(a.id + " data truncated");
          }
          if (n < out.length) {
            throw new BadValueException("corrupt " + a.id + " data (no progress)");
          }
        }
      }
      int end = stored.length - inflater.getRemaining();
      if (stored.length - end != a.trailer) {
        throw new BadValueException(
            a.id + " data " + (stored.length - end < a.trailer ? "truncated" : "followed by other bytes"));
      }
      Checksum checksum = a.checksum();
      checksum.update(out, 0, n);
      int sum = (int) checksum.getValue();
      boolean good =
          a == Algorithm.GZIP
              ? getIntLe(stored, end) == sum && getIntLe(stored, end + 4) == n
              : getIntBe(stored, end) == sum;
      if (!good) {
        throw new BadValueException("bad " + a.id + " checksum");
      }
      if (out != w.buffer && out.length <= KEPT_BUFFER) {
        w.buffer = out;
      }
      return out.length == n && out != w.buffer ? out : Arrays.copyOf(out, n);
    } finally {
      inflater.reset();
      w.release();
    }
  }

  /** Where the deflate data starts after the zlib header at {@code stored[from..]}. */
  private static int zlibHeader(byte[] stored, int from) throws BadValueException {
    if (stored.length - from < 2) {
      throw new BadValueException("zlib data truncated");
    }
    int cmf = stored[from] & 0xFF;
    int flg = stored[from + 1] & 0xFF;
    if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0) {
      throw new BadValueException("bad zlib header");
    }
    if ((flg & 0x20) != 0) {
      throw new BadValueException("zlib data needs a preset dictionary");
    }
    return from + 2;
  }

  /** Where the deflate data starts after the gzip header at {@code stored[from..]}. */
  private static int gzipHeader(byte[] stored, int from) throws BadValueException {
    if (stored.length - from < 10) {
      throw new BadValueException("gzip data truncated");
    }
    if (stored[from] != 0x1F || stored[from + 1] != (byte) 0x8B || stored[from + 2] != 8) {
      throw new BadValueException("bad gzip header");
    }
    int flags = stored[from + 3] & 0xFF;
    if ((flags & 0xE0) != 0) {
      throw new BadValueException("bad gzip header (reserved flags)");
    }
    int pos = from + 10;
    if ((flags & FEXTRA) != 0) {
      if (stored.length - pos < 2) {
        throw new BadValueException("gzip data truncated");
      }
      pos += 2 + ((stored[pos] & 0xFF) | (stored[pos + 1] & 0xFF) << 8);
    }
    if ((flags & FNAME) != 0) {
      pos = pastZero(stored, pos);
    }
    if ((flags & FCOMMENT) != 0) {
      pos = pastZero(stored, pos);
    }
    if ((flags & FHCRC) != 0) {
      pos += 2;
    }
    if (pos > stored.length) {
      throw new BadValueException("gzip data truncated");
    }
    return pos;
  }

  private static int pastZero(byte[] stored, int pos) throws BadValueException {
    for (int i = pos; i < stored.length; i++) {
      if (stored[i] == 0) {
        return i + 1;
      }
    }
    throw new BadValueException("gzip data truncated");
  }

  private static void putIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static void putIntBe(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int getIntLe(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }

  private static int getIntBe(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  private static Deflating deflating() {
    Deflating w = DEFLATERS.poll();
    return w != null ? w : new Deflating();
  }

  private static Inflating inflating() {
    Inflating w = INFLATERS.poll();
    return w != null ? w : new Inflating();
  }

  /** A raw {@link Deflater} and an output buffer, borrowed by one call at a time. */
  private static final class Deflating {
    final Deflater deflater = new Deflater(LEVEL, true);
    byte[] buffer = new byte[FIRST_BUFFER];

    /** A buffer of at least {@code length} bytes, kept for the next call when short. */
    byte[] buffer(int length) {
      if (buffer.length >= length) {
        return buffer;
      }
      byte[] b = new byte[length];
      if (length <= KEPT_BUFFER) {
        buffer = b;
      }
      return b;
    }

    void release() {
      if (!DEFLATERS.offer(this)) {
        deflater.end();
      }
    }
  }

  /** A raw {@link Inflater} and a first output buffer, borrowed by one call at a time. */
  private static final class Inflating {
    final Inflater inflater = new Inflater(true);
    byte[] buffer = new byte[FIRST_BUFFER];

    void release() {
      if (!INFLATERS.offer(this)) {
        inflater.end();
      }
    }
  }
}
