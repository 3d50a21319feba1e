package dev.kaju.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keys as bytes, for a backend that stores byte keys (Redis) and for signatures: UTF-8, made
 * lossless for every Java string.
 *
 * <p>{@code String.getBytes(UTF_8)} turns a lone surrogate (half of a UTF-16 pair, which a JSON
 * {@code "\ud800"} can put in an argument) into {@code '?'}, so {@code "what\uD800"} and {@code
 * "what?"} would become one key, and one caller could read or overwrite another's entry. Here a
 * lone surrogate takes the three-byte form UTF-8 would give its code point (as WTF-8 does): a key
 * that is valid UTF-16 encodes exactly as UTF-8, and distinct strings always give distinct bytes.
 */
public final class KeyBytes {
  private KeyBytes() {}

  /** The bytes of {@code key}: its UTF-8, with lone surrogates kept apart. */
  public static byte[] encode(String key) {
    if (!hasSurrogate(key)) {
      return key.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(key.length() * 3);
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | (cp >> 6));
        out.write(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) { // a lone surrogate lands here too, as its own three bytes
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      }
    }
    return out.toByteArray();
  }

  /**
   * The key {@link #encode} made {@code bytes} from. Bytes another writer stored that are not
   * UTF-8 decode with U+FFFD in place of each bad sequence, as {@code new String(bytes, UTF_8)}
   * does.
   */
  public static String decode(byte[] bytes) {
    if (!hasEncodedSurrogate(bytes)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(bytes.length);
    int start = 0;
    for (int i = 0; i + 2 < bytes.length; i++) {
      if (isEncodedSurrogate(bytes, i)) {
        out.append(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        out.append((char) (((bytes[i] & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F)));
        i += 2;
        start = i + 1;
      }
    }
    out.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    return out.toString();
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasEncodedSurrogate(byte[] b) {
    for (int i = 0; i + 2 < b.length; i++) {
      if (isEncodedSurrogate(b, i)) {
        return true;
      }
    }
    return false;
  }

  /** {@code ED A0..BF 80..BF}: the three bytes of a code point from U+D800 to U+DFFF. */
  private static boolean isEncodedSurrogate(byte[] b, int i) {
    return (b[i] & 0xFF) == 0xED && (b[i + 1] & 0xE0) == 0xA0 && (b[i + 2] & 0xC0) == 0x80;
  }
}
