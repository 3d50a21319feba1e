package dev.kaju.internal.codec;

import dev.kaju.support.GeneratedCodec;
import dev.kaju.support.ValueWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ValueWriter} of {@link BinaryFormat}: generated codecs write their components here,
 * in the binary format's encodings (zig-zag varints, IEEE bits, tagged values). It also numbers the
 * generated types of one payload, so a list of 100 records names their type once.
 */
final class BinaryWriter extends ValueWriter {
  final BinaryOut out = new BinaryOut();
  private final BinaryFormat format;
  private @Nullable List<GeneratedCodec<?>> types;

  BinaryWriter(BinaryFormat format) {
    this.format = format;
  }

  /** {@code 0} when {@code codec}'s type is new in this payload (its name follows), else its number, from 1. */
  int typeRef(GeneratedCodec<?> codec) {
    if (types == null) {
      types = new ArrayList<>(2);
    }
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i) == codec) {
        return i + 1;
      }
    }
    types.add(codec);
    return 0;
  }

  void enter(int depth) {
    depth(depth);
  }

  @Override
  public void writeBoolean(boolean value) {
    out.b(value ? 1 : 0);
  }

  @Override
  public void writeByte(byte value) {
    out.b(value);
  }

  @Override
  public void writeShort(short value) {
    out.zigzag(value);
  }

  @Override
  public void writeChar(char value) {
    out.fixed(value, 2);
  }

  @Override
  public void writeInt(int value) {
    out.zigzag(value);
  }

  @Override
  public void writeLong(long value) {
    out.zigzag(value);
  }

  @Override
  public void writeFloat(float value) {
    out.fixed(Float.floatToRawIntBits(value), 4);
  }

  @Override
  public void writeDouble(double value) {
    out.fixed(Double.doubleToRawLongBits(value), 8);
  }

  private void writeUnsigned(long value) {
    out.varint(value);
  }

  @Override
  public void field(String name) {
    // components are written in order: no names
  }

  @Override
  public void beginRecord(boolean present) {
    out.b(present ? 1 : 0);
  }

  @Override
  public void endRecord() {}

  @Override
  public void writeEnum(int ordinal, @Nullable String name) {
    writeUnsigned(ordinal + 1L); // 0: null
  }

  @Override
  public void writeSubtype(int index, String name) {
    writeUnsigned(index);
  }

  @Override
  public void beginElements(int size) {
    if (size < -1) {
      throw new IllegalArgumentException("not a size: " + size);
    }
    writeUnsigned(size + 1L);
  }

  @Override
  public void endElements() {}

  @Override
  public void writeValue(Class<?> type, @Nullable Object value) {
    writeAny(value);
  }

  @Override
  public void writeAny(@Nullable Object value) {
    format.write(this, value, depth());
  }
}
