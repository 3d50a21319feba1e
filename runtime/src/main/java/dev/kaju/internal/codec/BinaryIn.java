package dev.kaju.internal.codec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * A cursor over a payload that {@link BinaryFormat} and generated codecs ({@code ValueReader}) read;
 * every read checks the bytes left, so a crafted count never allocates more than the payload holds.
 */
public final class BinaryIn {
  public final byte[] buf;
  public int pos;

  public BinaryIn(byte[] buf, int pos) {
    this.buf = buf;
    this.pos = pos;
  }

  private void need(long n) throws BadValueException {
    if (n > buf.length - pos) {
      throw new BadValueException("truncated: " + n + " more bytes needed at byte " + pos);
    }
  }

  public int u8() throws BadValueException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long varint() throws BadValueException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new BadValueException("varint longer than 10 bytes at byte " + pos);
  }

  public long zigzag() throws BadValueException {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  public int int32(long v) throws BadValueException {
    if (v != (int) v) {
      throw new BadValueException("int out of range: " + v);
    }
    return (int) v;
  }

  /** A count of items taking at least {@code minBytes} each, checked against the bytes left. */
  public int count(int minBytes) throws BadValueException {
    long n = varint();
    if (n < 0 || n > (buf.length - pos) / minBytes) {
      throw new BadValueException("count " + n + " exceeds the " + (buf.length - pos) + " bytes left");
    }
    return (int) n;
  }

  public long fixed(int bytes) throws BadValueException {
    need(bytes);
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public String string() throws BadValueException {
    return text(u8());
  }

  /** The body of a string whose tag, {@code STRING} or {@code BinaryFormat.STRING_UTF16}, was just read. */
  public String text(int tag) throws BadValueException {
    if (tag == BinaryFormat.STRING) {
      int length = count(1);
      pos += length;
      return new String(buf, pos - length, length, StandardCharsets.UTF_8);
    }
    if (tag == BinaryFormat.STRING_UTF16) {
      char[] chars = new char[count(2)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) fixed(2);
      }
      return new String(chars);
    }
    throw new BadValueException("expected a string, found tag " + tag + " at byte " + (pos - 1));
  }

  public BigInteger bigInteger() throws BadValueException {
    int n = count(1);
    if (n == 0) {
      throw new BadValueException("empty BigInteger at byte " + pos);
    }
    pos += n;
    return new BigInteger(buf, pos - n, n);
  }

  public LocalDateTime dateTime() throws BadValueException {
    return LocalDateTime.of(LocalDate.ofEpochDay(zigzag()), LocalTime.ofNanoOfDay(varint()));
  }
}
