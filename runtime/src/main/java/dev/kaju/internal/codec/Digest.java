package dev.kaju.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The signature digests of {@code digestmod}, named as cashews names them in the stored prefix
 * {@code <digestmod>:<hex signature>_}.
 */
enum Digest {
  SHA256("sha256", "HmacSHA256"),
  SHA1("sha1", "HmacSHA1"),
  MD5("md5", "HmacMD5"),
  /**
   * cashews' {@code sum}: the hex of the sum of the secret's bytes and the key's and payload's
   * bytes. A checksum, not a signature: anyone can forge it after a few thousand guesses.
   */
  SUM("sum", null);

  /** The longest name, for bounding the search for the {@code :} of the prefix. */
  static final int LONGEST_NAME = 6;

  private static final Digest[] ALL = values();

  final String id;
  /** The JCA {@code Mac} algorithm, {@code null} for {@link #SUM}. */
  final @Nullable String algorithm;
  /** {@code id:} in ASCII. */
  final byte[] prefix;

  Digest(String id, @Nullable String algorithm) {
    this.id = id;
    this.algorithm = algorithm;
    this.prefix = (id + ":").getBytes(StandardCharsets.US_ASCII);
  }

  /** The digest named {@code name} (any case), or {@code null}. */
  static @Nullable Digest byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Digest d : ALL) {
      if (d.id.equals(lower)) {
        return d;
      }
    }
    return null;
  }

  /** The digest whose id is {@code bytes[from..to)} exactly, or {@code null}. */
  static @Nullable Digest byName(byte[] bytes, int from, int to) {
    for (Digest d : ALL) {
      if (to - from == d.id.length() && Bytes.startsWith(bytes, from, d.prefix, d.id.length())) {
        return d;
      }
    }
    return null;
  }

  /** The digest whose {@code id:} prefix starts {@code bytes}, or {@code null}. */
  static @Nullable Digest prefixOf(byte[] bytes) {
    for (Digest d : ALL) {
      if (Bytes.startsWith(bytes, 0, d.prefix)) {
        return d;
      }
    }
    return null;
  }

  /** The valid names, {@code sha256, sha1, md5, sum}. */
  static List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (Digest d : ALL) {
      ids.add(d.id);
    }
    return ids;
  }

  /** {@code "sha256, sha1, md5, sum"}, for messages. */
  static String names() {
    return String.join(", ", ids());
  }
}
