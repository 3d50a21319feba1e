package dev.kaju.internal.codec;

import dev.kaju.support.GeneratedCodec;
import dev.kaju.support.MalformedValueException;
import dev.kaju.support.ValueReader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ValueReader} of {@link BinaryFormat}: every read checks the bytes left and turns what
 * does not fit into a {@link MalformedValueException}, which the format reports as a miss.
 */
final class BinaryReader extends ValueReader {
  final BinaryIn in;
  private final BinaryFormat format;
  private final List<GeneratedCodec<?>> types = new ArrayList<>(2);

  BinaryReader(BinaryIn in, BinaryFormat format) {
    this.in = in;
    this.format = format;
  }

  void enter(int depth) {
    depth(depth);
  }

  /** Numbers {@code codec} as the next type of this payload. */
  void typeSeen(GeneratedCodec<?> codec) {
    types.add(codec);
  }

  /** The type numbered {@code ref} (from 1) in this payload. */
  GeneratedCodec<?> type(long ref) throws BadValueException {
    if (ref < 1 || ref > types.size()) {
      throw new BadValueException("type reference " + ref + " but " + types.size() + " types were named before byte " + in.pos);
    }
    return types.get((int) (ref - 1));
  }

  private MalformedValueException wrap(BadValueException e) {
    return new MalformedValueException(e.getMessage(), e);
  }

  @Override
  public boolean readBoolean() {
    try {
      int b = in.u8();
      if (b > 1) {
        throw malformed("expected a boolean (0 or 1), found " + b);
      }
      return b == 1;
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public byte readByte() {
    try {
      return (byte) in.u8();
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public short readShort() {
    try {
      long v = in.zigzag();
      if (v != (short) v) {
        throw malformed("short out of range: " + v);
      }
      return (short) v;
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public char readChar() {
    try {
      return (char) in.fixed(2);
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public int readInt() {
    try {
      return in.int32(in.zigzag());
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public long readLong() {
    try {
      return in.zigzag();
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public float readFloat() {
    try {
      return Float.intBitsToFloat((int) in.fixed(4));
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public double readDouble() {
    try {
      return Double.longBitsToDouble(in.fixed(8));
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  private long readUnsigned() {
    try {
      long v = in.varint();
      if (v < 0) {
        throw malformed("unsigned value out of range");
      }
      return v;
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public void field(String name) {
    // components are read in order: no names
  }

  @Override
  public boolean beginRecord() {
    return readBoolean();
  }

  @Override
  public void endRecord() {}

  @Override
  public int readEnum(Enum<?>[] constants) {
    long ordinal = readUnsigned() - 1; // 0: null
    if (ordinal >= constants.length) {
      throw malformed("no constant #" + ordinal + " in " + (constants.length == 0 ? "an enum without constants" : constants[0].getDeclaringClass().getName()));
    }
    return (int) ordinal;
  }

  @Override
  public int readSubtype(String[] names) {
    long index = readUnsigned();
    if (index >= names.length) {
      throw malformed("no subtype #" + index + " (there are " + names.length + ")");
    }
    return (int) index;
  }

  @Override
  public int beginElements(int minBytes) {
    long stored = readUnsigned();
    if (stored == 0) {
      return -1;
    }
    long n = stored - 1;
    if (n > (in.buf.length - in.pos) / Math.max(1, minBytes)) {
      throw malformed("count " + n + " exceeds the " + (in.buf.length - in.pos) + " bytes left");
    }
    return (int) n;
  }

  @Override
  public boolean hasMore() {
    throw new IllegalStateException("the binary format stores the number of elements");
  }

  @Override
  public void endElements() {}

  @Override
  public <T> @Nullable T readValue(Class<T> type) {
    Object value = readAny();
    if (value != null && !type.isInstance(value)) {
      throw malformed("expected a " + type.getName() + ", found a " + value.getClass().getName());
    }
    return type.cast(value);
  }

  @Override
  public @Nullable Object readAny() {
    try {
      return format.read(this, depth());
    } catch (BadValueException e) {
      throw wrap(e);
    }
  }

  @Override
  public MalformedValueException malformed(String reason) {
    return new MalformedValueException(reason + " (at byte " + in.pos + ")");
  }
}
