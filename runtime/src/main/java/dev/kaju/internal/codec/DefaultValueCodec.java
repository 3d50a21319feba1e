package dev.kaju.internal.codec;

import dev.kaju.internal.NullValue;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.spi.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The codec of byte-storing backends: a {@code byte[]} as {@code bytes:...}, anything else through
 * a {@link PayloadFormat}, then signed when there is a secret. Without a secret a {@code Long} is
 * plain digits; with one it is signed like any value (in the binary format, whatever the
 * serializer), and unsigned digits (the counters {@code incr} makes) read as an {@link
 * UnsignedCounter}, never as a {@code Long}. With {@code compress}, a payload is compressed (see
 * {@link Compression}) before it is signed. Decoding checks the signature first, inflates a
 * compressed payload (whatever {@code compress} says) within {@code compress_max}, and turns every
 * failure into a miss with a rate-limited warning.
 */
final class DefaultValueCodec implements ValueCodec {
  static final byte[] BYTES_PREFIX = "bytes:".getBytes(StandardCharsets.US_ASCII);
  /** {@code -9223372036854775808}: the longest digits a {@code Long} takes. */
  private static final int LONGEST_DIGITS = 20;

  private final PayloadFormat format;
  private final BinaryFormat binary;
  private final @Nullable Signer signer;
  private final RateLimitedLog log;
  private final Compression compression;

  DefaultValueCodec(PayloadFormat format, BinaryFormat binary, @Nullable Signer signer, RateLimitedLog log) {
    this(format, binary, signer, log, Compression.none());
  }

  DefaultValueCodec(
      PayloadFormat format,
      BinaryFormat binary,
      @Nullable Signer signer,
      RateLimitedLog log,
      Compression compression) {
    this.format = format;
    this.binary = binary;
    this.signer = signer;
    this.log = log;
    this.compression = compression;
  }

  @Override
  public byte[] encode(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (value.getClass() == Long.class && signer == null) {
      return Long.toString((Long) value).getBytes(StandardCharsets.US_ASCII);
    }
    byte[] payload;
    if (value.getClass() == Long.class) {
      payload = binary.encode(value); // every codec reads binary; Java serialization needs no say in a Long
    } else if (value instanceof byte[]) {
      byte[] bytes = (byte[]) value;
      payload = Arrays.copyOf(BYTES_PREFIX, BYTES_PREFIX.length + bytes.length);
      System.arraycopy(bytes, 0, payload, BYTES_PREFIX.length, bytes.length);
    } else if (value == NullValue.INSTANCE) {
      payload = BinaryFormat.NULL_PAYLOAD.clone();
    } else {
      payload = format.encode(value);
    }
    payload = compression.compress(payload);
    return signer == null ? payload : signer.sign(key, payload);
  }

  @Override
  public @Nullable Object decode(String key, byte[] stored) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stored, "stored");
    try {
      if (isDigits(stored)) {
        // digits carry no signature: with a secret they are only a counter, never a value this cache stored
        long n = parseLong(stored);
        return signer == null ? (Object) n : new UnsignedCounter(n);
      }
      if (signer != null) {
        return unpacked(stored, signer.verify(key, stored));
      }
      Digest signed = Digest.prefixOf(stored);
      if (signed != null) {
        throw new BadValueException("signed with " + signed.id + " but this codec has no secret");
      }
      return unpacked(stored, 0);
    } catch (Exception e) {
      boolean known = e instanceof BadValueException;
      String reason = known ? e.getMessage() : e.toString();
      log.warn("reading key '" + key + "' gave a miss: " + reason, known ? e.getCause() : e);
      return null;
    }
  }

  /** The value whose payload, compressed or not, is {@code stored[start..]}: after the signature, if any. */
  private Object unpacked(byte[] stored, int start) throws Exception {
    Compression.Algorithm packed = start < stored.length ? Compression.Algorithm.byMarker(stored[start]) : null;
    if (packed == null) {
      return payload(stored, start);
    }
    byte[] inner = compression.inflate(packed, stored, start + 1);
    if (inner.length > 0 && Compression.Algorithm.byMarker(inner[0]) != null) {
      throw new BadValueException("compressed twice (Kaju compresses once)");
    }
    return payload(inner, 0);
  }

  /** The value whose payload is {@code stored[start..]}: after the signature, if any. */
  private Object payload(byte[] stored, int start) throws Exception {
    if (Bytes.startsWith(stored, start, BYTES_PREFIX)) {
      return Arrays.copyOfRange(stored, start + BYTES_PREFIX.length, stored.length);
    }
    if (start == stored.length) {
      throw new BadValueException("empty value");
    }
    byte marker = stored[start];
    if (marker == format.marker()) {
      return format.decode(stored, start + 1);
    }
    if (marker == PayloadFormat.BINARY) {
      return binary.decode(stored, start + 1);
    }
    if (marker == PayloadFormat.JSON || marker == PayloadFormat.JAVA) {
      throw new BadValueException(
          "written with serializer=" + (marker == PayloadFormat.JSON ? "json" : "java") + ", read with serializer="
              + format.name());
    }
    throw new BadValueException(
        "not a value Kaju wrote (starts with '" + Bytes.ascii(stored, start, Math.min(stored.length, start + 16))
            + "')");
  }

  /** Whether {@code bytes} is {@code -?[0-9]+}. */
  static boolean isDigits(byte[] bytes) {
    int i = bytes.length > 0 && bytes[0] == '-' ? 1 : 0;
    if (i == bytes.length) {
      return false;
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < '0' || bytes[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static Long parseLong(byte[] digits) throws BadValueException {
    if (digits.length <= LONGEST_DIGITS) {
      try {
        return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        // out of range: below
      }
    }
    throw new BadValueException(
        "the digits " + Bytes.ascii(digits, 0, Math.min(digits.length, 40)) + " are out of a Long's range");
  }
}
