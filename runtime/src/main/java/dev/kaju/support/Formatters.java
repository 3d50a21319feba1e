package dev.kaju.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Used by generated code: the built-in key formatters ({@code lower}, {@code upper}, {@code len},
 * {@code hash}, {@code jwt}). Each takes the already rendered key part.
 */
public final class Formatters {
  private Formatters() {}

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  public static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /** The length in characters of the rendered value ({@code 1234} gives {@code "4"}). */
  public static String len(String s) {
    return Integer.toString(s.length());
  }

  /** Lower-case hex MD5 of the UTF-8 text ({@code hash} and {@code hash(md5)}). */
  public static String md5(String s) {
    return digest("MD5", s);
  }

  public static String sha1(String s) {
    return digest("SHA-1", s);
  }

  public static String sha256(String s) {
    return digest("SHA-256", s);
  }

  /** {@code hash({param})}: the algorithm ({@code md5}, {@code sha1}, {@code sha256}) chosen per call. */
  public static String hash(String s, String algorithm) {
    switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "md5":
        return md5(s);
      case "sha1":
        return sha1(s);
      case "sha256":
        return sha256(s);
      default:
        throw new IllegalArgumentException(
            "unknown hash algorithm '" + algorithm + "' in a key; algorithms are: md5, sha1, sha256");
    }
  }

  private static String digest(String algorithm, String s) {
    try {
      return KeyParts.hex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every Java platform", e);
    }
  }

  /**
   * A claim of a JWT's payload, read without verifying the signature ({@code {token:jwt(user)}}).
   * A missing claim renders {@code ""}; a value that is not a JWT fails, rather than letting every
   * bad token share one key.
   *
   * @throws IllegalArgumentException when {@code token} is not {@code header.payload.signature}
   *     with a base64url JSON object payload
   */
  public static String jwt(String token, String claim) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("key part is not a JWT (expected header.payload.signature)");
    }
    String json;
    try {
      json = new String(Base64.getUrlDecoder().decode(strip(parts[1])), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key part is not a JWT: its payload is not base64url", e);
    }
    return MiniJson.topLevelField(json, claim);
  }

  private static String strip(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') {
      end--;
    }
    return base64.substring(0, end);
  }
}
