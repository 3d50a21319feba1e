package dev.kaju.internal.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/** The growing byte buffer {@link BinaryFormat} and generated codecs ({@code ValueWriter}) write to. */
public final class BinaryOut {
  private byte[] buf = new byte[64];
  private int len;

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  public void b(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  public void b(byte[] bytes, int from, int count) {
    ensure(count);
    System.arraycopy(bytes, from, buf, len, count);
    len += count;
  }

  public void varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  public void zigzag(long v) {
    varint((v << 1) ^ (v >> 63));
  }

  public void fixed(long v, int bytes) {
    ensure(bytes);
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
  }

  public void string(String s) {
    if (hasLoneSurrogate(s)) {
      b(BinaryFormat.STRING_UTF16);
      varint(s.length());
      for (int i = 0; i < s.length(); i++) {
        fixed(s.charAt(i), 2);
      }
    } else {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      b(BinaryFormat.STRING);
      varint(utf8.length);
      b(utf8, 0, utf8.length);
    }
  }

  public void bigInteger(BigInteger v) {
    byte[] bytes = v.toByteArray();
    varint(bytes.length);
    b(bytes, 0, bytes.length);
  }

  public void dateTime(LocalDateTime v) {
    zigzag(v.toLocalDate().toEpochDay());
    varint(v.toLocalTime().toNanoOfDay());
  }

  public byte[] bytes() {
    return Arrays.copyOf(buf, len);
  }

  /** Whether UTF-8 would lose a char of {@code s}: a surrogate without its pair. */
  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
