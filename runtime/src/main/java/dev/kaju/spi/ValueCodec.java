package dev.kaju.spi;

import dev.kaju.internal.codec.CodecOptions;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns cached values into the bytes a byte-storing backend (Redis, disk) keeps, and back; signs
 * them when a {@code secret} is set. Backends that keep objects (memory) need no codec.
 *
 * <p>The stored forms, in short (the README has the full description):
 *
 * <ul>
 *   <li>without a {@code secret}, a {@link Long} is plain ASCII decimal digits, so Redis {@code
 *       INCR} works on it, and any stored bytes matching {@code -?[0-9]+} decode as a {@code Long};
 *   <li>with a {@code secret}, a {@code Long} is signed like any other value, and stored digits
 *       (the counters {@code incr} makes, which cannot carry a signature) decode as an {@link
 *       UnsignedCounter}, never as a {@code Long}: a caller must not mistake bytes anyone could
 *       have written for a value it stored;
 *   <li>a {@code byte[]} is {@code bytes:} followed by the bytes;
 *   <li>anything else is a payload whose first byte names its format (binary, JSON or Java
 *       serialization, after the {@code serializer} option);
 *   <li>with {@code compress}, a payload of {@code compress_min} bytes or more is stored
 *       compressed when that makes it shorter, behind a marker byte naming gzip or zlib; every
 *       codec reads both, within {@code compress_max};
 *   <li>with a {@code secret}, every value is stored as {@code <digestmod>:<hex
 *       signature>_<payload>}, the signature covering the key and the payload, and checked before
 *       any byte of the payload is decoded.
 * </ul>
 *
 * <p>Implementations are thread-safe. A backend builds its codec with {@link #from} and adds
 * {@link #options()} to its factory's {@link BackendFactory#options()}.
 */
public interface ValueCodec {

  /**
   * The bytes to store for {@code value} under {@code key}.
   *
   * @param key the key the value is stored under; it is part of the signature
   * @param value never {@code null}; a cached {@code null} arrives as the runtime's null marker
   *     and round-trips
   * @throws IllegalArgumentException when the value's type cannot be encoded by this codec; the
   *     message names the type and what would make it work
   */
  byte[] encode(String key, Object value);

  /**
   * The value stored as {@code stored} under {@code key}, or {@code null} for a miss: a bad,
   * missing or unknown signature, bytes this codec cannot decode, or a custom decoder that failed.
   * Each miss logs a warning naming the key and the reason, at most once per interval. Never
   * throws for bad data.
   */
  @Nullable Object decode(String key, byte[] stored);

  /**
   * Builds the codec described by the options {@link #options()} lists, checking them all.
   *
   * @throws IllegalArgumentException naming a bad option value and the valid ones, or a missing
   *     requirement ({@code serializer=java} without {@code java_allow}, or without {@code secret}
   *     unless {@code java_unsigned_unsafe=true}; {@code serializer=json} without Jackson on the
   *     class path)
   */
  static ValueCodec from(BackendConfig config) {
    return CodecOptions.codec(config);
  }

  /**
   * The codec options, {@code secret}, {@code digestmod}, {@code serializer}, {@code java_allow},
   * {@code java_maxbytes}, {@code java_maxrefs}, {@code java_unsigned_unsafe}, {@code compress},
   * {@code compress_min} and {@code compress_max}, for a byte-storing backend to add to its
   * factory's options.
   */
  static List<Option> options() {
    return CodecOptions.ALL;
  }
}
