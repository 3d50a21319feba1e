package dev.kaju.internal.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs payloads as {@code <digestmod>:<hex signature>_<payload>} (cashews' wire format) and checks
 * signatures. The signature is the HMAC of the secret over the key's UTF-8 bytes ({@code KeyBytes}: lossless
 * even for a lone surrogate, so no two keys sign alike) followed by the
 * payload, in lowercase hex; for {@code sum}, the hex of the byte sums (see {@link Digest#SUM}).
 * Signing uses the configured digest; checking accepts any known digest named by the prefix.
 */
final class Signer {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** The longest signature: 64 hex digits for sha256. */
  private static final int LONGEST_SIGNATURE = 64;

  private final Digest digest;
  private final long secretSum;
  /** By digest ordinal: the secret as a key, and an initialized {@code Mac} cloned for each use. */
  private final SecretKeySpec[] keys = new SecretKeySpec[Digest.values().length];
  private final Mac[] prototypes = new Mac[Digest.values().length];

  Signer(byte[] secret, Digest digest) {
    this.digest = digest;
    this.secretSum = sum(secret, 0, secret.length);
    for (Digest d : Digest.values()) {
      if (d.algorithm != null) {
        keys[d.ordinal()] = new SecretKeySpec(secret, d.algorithm);
        prototypes[d.ordinal()] = newMac(d);
      }
    }
  }

  /** The stored form: {@code <digestmod>:<signature>_<payload>}. */
  byte[] sign(String key, byte[] payload) {
    byte[] signature = signature(digest, dev.kaju.spi.KeyBytes.encode(key), payload, 0);
    byte[] out = new byte[digest.prefix.length + signature.length + 1 + payload.length];
    System.arraycopy(digest.prefix, 0, out, 0, digest.prefix.length);
    System.arraycopy(signature, 0, out, digest.prefix.length, signature.length);
    out[digest.prefix.length + signature.length] = '_';
    System.arraycopy(payload, 0, out, digest.prefix.length + signature.length + 1, payload.length);
    return out;
  }

  /**
   * Checks the signature of {@code stored} (read under {@code key}) in constant time, before
   * anything else looks at the payload.
   *
   * @return where the payload starts
   * @throws BadValueException saying what is wrong: no signature, an unknown digest, a bad one
   */
  int verify(String key, byte[] stored) throws BadValueException {
    int colon = indexOf(stored, (byte) ':', 0, Digest.LONGEST_NAME + 1);
    if (colon < 0) {
      throw new BadValueException("no signature (a secret is set, so every value but a counter is signed)");
    }
    Digest d = Digest.byName(stored, 0, colon);
    if (d == null) {
      throw new BadValueException(
          "unknown digest '" + Bytes.ascii(stored, 0, colon) + "' in the signature; known: " + Digest.names());
    }
    if (d == Digest.SUM && digest != Digest.SUM) {
      // "sum" is forgeable with a few thousand guesses: accept it only where it was chosen
      throw new BadValueException("a sum signature, accepted only with digestmod=sum (this cache uses " + digest.id + ")");
    }
    int underscore = indexOf(stored, (byte) '_', colon + 1, LONGEST_SIGNATURE + 1);
    if (underscore < 0) {
      throw new BadValueException("no '_' after the " + d.id + " signature");
    }
    byte[] expected = signature(d, dev.kaju.spi.KeyBytes.encode(key), stored, underscore + 1);
    byte[] given = Arrays.copyOfRange(stored, colon + 1, underscore);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new BadValueException(
          "bad " + d.id + " signature (tampered, written under another key or with another secret)");
    }
    return underscore + 1;
  }

  /** The lowercase hex signature of {@code key} then {@code bytes[from..]}. */
  byte[] signature(Digest d, byte[] key, byte[] bytes, int from) {
    if (d == Digest.SUM) {
      long sum = secretSum + sum(key, 0, key.length) + sum(bytes, from, bytes.length);
      return Long.toHexString(sum).getBytes(StandardCharsets.US_ASCII);
    }
    Mac mac = mac(d);
    mac.update(key);
    mac.update(bytes, from, bytes.length - from);
    return hex(mac.doFinal());
  }

  private Mac mac(Digest d) {
    try {
      return (Mac) prototypes[d.ordinal()].clone();
    } catch (CloneNotSupportedException e) {
      return newMac(d);
    }
  }

  private Mac newMac(Digest d) {
    try {
      Mac mac = Mac.getInstance(d.algorithm);
      mac.init(keys[d.ordinal()]);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no " + d.algorithm + " for digestmod " + d.id, e);
    }
  }

  private static long sum(byte[] bytes, int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += bytes[i] & 0xFF;
    }
    return sum;
  }

  private static byte[] hex(byte[] raw) {
    byte[] out = new byte[raw.length * 2];
    for (int i = 0; i < raw.length; i++) {
      out[2 * i] = HEX[(raw[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[raw[i] & 0xF];
    }
    return out;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int within) {
    int end = Math.min(bytes.length, from + within);
    for (int i = from; i < end; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
