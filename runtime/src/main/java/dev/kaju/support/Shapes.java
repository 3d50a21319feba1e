package dev.kaju.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the {@link ValueShape}s of the types the binary format knows and of
 * collections, composed by the processor with the {@link GeneratedCodec}s it writes. Collections
 * read back as {@code ArrayList}, {@code LinkedHashSet} and {@code LinkedHashMap}, in their
 * written order, as the binary format reads them.
 */
public final class Shapes {
  private Shapes() {}

  /** Any value the binary format knows, with its type tag: a component typed by a type variable or {@code Object}. */
  public static final ValueShape<Object> ANY = new Tagged<>(Object.class);

  /** A {@code String} (or {@code null}). */
  public static final ValueShape<String> STRING = new Tagged<>(String.class);

  /**
   * A type the binary format knows by itself ({@code Integer}, {@code BigDecimal}, {@code
   * Instant}, {@code UUID}, {@code byte[]}, ...) or one registered with {@code Codecs.register},
   * written with its tag and checked to be a {@code type} when read.
   */
  public static <T> ValueShape<T> of(Class<T> type) {
    return new Tagged<>(type);
  }

  /** A {@code List} of {@code element}s. */
  public static <E> ValueShape<List<E>> list(ValueShape<E> element) {
    return new Many<List<E>, E>(element) {
      @Override
      List<E> make(int size) {
        return new ArrayList<>(size);
      }
    };
  }

  /** A {@code Set} of {@code element}s. */
  public static <E> ValueShape<Set<E>> set(ValueShape<E> element) {
    return new Many<Set<E>, E>(element) {
      @Override
      Set<E> make(int size) {
        return new LinkedHashSet<>(capacity(size));
      }
    };
  }

  /** A {@code Map} from {@code key}s to {@code value}s. */
  public static <K, V> ValueShape<Map<K, V>> map(ValueShape<K> key, ValueShape<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new ValueShape<>() {
      @Override
      public void write(ValueWriter out, @Nullable Map<K, V> map) {
        if (map == null) {
          out.writeUnsigned(0);
          return;
        }
        out.writeUnsigned(map.size() + 1L);
        int n = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
          key.write(out, e.getKey());
          value.write(out, e.getValue());
          n++;
        }
        sameSize(map.size(), n, map);
      }

      @Override
      public @Nullable Map<K, V> read(ValueReader in) {
        int size = in.readCount(2);
        if (size < 0) {
          return null;
        }
        Map<K, V> map = new LinkedHashMap<>(capacity(size));
        for (int i = 0; i < size; i++) {
          K k = key.read(in);
          map.put(k, value.read(in));
        }
        return map;
      }
    };
  }

  /** An {@code Optional} of {@code element} (and a {@code null} where the component held one). */
  public static <E> ValueShape<Optional<E>> optional(ValueShape<E> element) {
    Objects.requireNonNull(element, "element");
    return new ValueShape<>() {
      @Override
      public void write(ValueWriter out, @Nullable Optional<E> value) {
        if (value == null) {
          out.writeUnsigned(0);
        } else if (value.isEmpty()) {
          out.writeUnsigned(1);
        } else {
          out.writeUnsigned(2);
          element.write(out, value.get());
        }
      }

      @Override
      @SuppressWarnings("OptionalAssignedToNull")
      public @Nullable Optional<E> read(ValueReader in) {
        long state = in.readUnsigned();
        if (state == 0) {
          return null;
        }
        if (state == 1) {
          return Optional.empty();
        }
        if (state == 2) {
          return Optional.ofNullable(element.read(in));
        }
        throw in.malformed("an Optional's state is 0, 1 or 2, not " + state);
      }
    };
  }

  /** An array of {@code element}s, made by {@code make} ({@code User[]::new}). */
  public static <E> ValueShape<E[]> array(ValueShape<E> element, IntFunction<E[]> make) {
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(make, "make");
    return new ValueShape<>() {
      @Override
      public void write(ValueWriter out, E @Nullable [] array) {
        if (array == null) {
          out.writeUnsigned(0);
          return;
        }
        out.writeUnsigned(array.length + 1L);
        for (E e : array) {
          element.write(out, e);
        }
      }

      @Override
      public E @Nullable [] read(ValueReader in) {
        int size = in.readCount(1);
        if (size < 0) {
          return null;
        }
        E[] array = make.apply(size);
        for (int i = 0; i < size; i++) {
          array[i] = element.read(in);
        }
        return array;
      }
    };
  }

  /** An {@code int[]}. */
  public static final ValueShape<int[]> INT_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, int @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (int v : a) {
          out.writeInt(v);
        }
      }
    }

    @Override
    public int @Nullable [] read(ValueReader in) {
      int size = in.readCount(1);
      if (size < 0) {
        return null;
      }
      int[] a = new int[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readInt();
      }
      return a;
    }
  };

  /** A {@code long[]}. */
  public static final ValueShape<long[]> LONG_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, long @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (long v : a) {
          out.writeLong(v);
        }
      }
    }

    @Override
    public long @Nullable [] read(ValueReader in) {
      int size = in.readCount(1);
      if (size < 0) {
        return null;
      }
      long[] a = new long[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readLong();
      }
      return a;
    }
  };

  /** A {@code double[]}. */
  public static final ValueShape<double[]> DOUBLE_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, double @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (double v : a) {
          out.writeDouble(v);
        }
      }
    }

    @Override
    public double @Nullable [] read(ValueReader in) {
      int size = in.readCount(8);
      if (size < 0) {
        return null;
      }
      double[] a = new double[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readDouble();
      }
      return a;
    }
  };

  /** A {@code float[]}. */
  public static final ValueShape<float[]> FLOAT_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, float @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (float v : a) {
          out.writeFloat(v);
        }
      }
    }

    @Override
    public float @Nullable [] read(ValueReader in) {
      int size = in.readCount(4);
      if (size < 0) {
        return null;
      }
      float[] a = new float[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readFloat();
      }
      return a;
    }
  };

  /** A {@code short[]}. */
  public static final ValueShape<short[]> SHORT_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, short @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (short v : a) {
          out.writeShort(v);
        }
      }
    }

    @Override
    public short @Nullable [] read(ValueReader in) {
      int size = in.readCount(1);
      if (size < 0) {
        return null;
      }
      short[] a = new short[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readShort();
      }
      return a;
    }
  };

  /** A {@code char[]}. */
  public static final ValueShape<char[]> CHAR_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, char @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (char v : a) {
          out.writeChar(v);
        }
      }
    }

    @Override
    public char @Nullable [] read(ValueReader in) {
      int size = in.readCount(2);
      if (size < 0) {
        return null;
      }
      char[] a = new char[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readChar();
      }
      return a;
    }
  };

  /** A {@code boolean[]}. */
  public static final ValueShape<boolean[]> BOOLEAN_ARRAY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, boolean @Nullable [] a) {
      out.writeUnsigned(a == null ? 0 : a.length + 1L);
      if (a != null) {
        for (boolean v : a) {
          out.writeBoolean(v);
        }
      }
    }

    @Override
    public boolean @Nullable [] read(ValueReader in) {
      int size = in.readCount(1);
      if (size < 0) {
        return null;
      }
      boolean[] a = new boolean[size];
      for (int i = 0; i < size; i++) {
        a[i] = in.readBoolean();
      }
      return a;
    }
  };

  /** A value with its type tag, checked on the way back. */
  private static final class Tagged<T> extends ValueShape<T> {
    private final Class<T> type;

    Tagged(Class<T> type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public void write(ValueWriter out, @Nullable T value) {
      out.writeAny(value);
    }

    @Override
    public @Nullable T read(ValueReader in) {
      Object value = in.readAny();
      if (value != null && !type.isInstance(value)) {
        throw in.malformed("expected a " + type.getName() + ", found a " + value.getClass().getName());
      }
      return type.cast(value);
    }
  }

  /** A collection: a count (0 for {@code null}, else the size plus one) and the elements. */
  private abstract static class Many<C extends Collection<E>, E> extends ValueShape<C> {
    private final ValueShape<E> element;

    Many(ValueShape<E> element) {
      this.element = Objects.requireNonNull(element, "element");
    }

    abstract C make(int size);

    @Override
    public void write(ValueWriter out, @Nullable C values) {
      if (values == null) {
        out.writeUnsigned(0);
        return;
      }
      out.writeUnsigned(values.size() + 1L);
      int n = 0;
      for (E e : values) {
        element.write(out, e);
        n++;
      }
      sameSize(values.size(), n, values);
    }

    @Override
    public @Nullable C read(ValueReader in) {
      int size = in.readCount(1);
      if (size < 0) {
        return null;
      }
      C values = make(size);
      for (int i = 0; i < size; i++) {
        values.add(element.read(in));
      }
      return values;
    }
  }

  private static void sameSize(int size, int iterated, Object collection) {
    if (size != iterated) {
      throw new IllegalArgumentException(
          "a " + collection.getClass().getName() + " changed while it was encoded (size " + size + ", " + iterated + " elements)");
    }
  }

  private static int capacity(int size) {
    return (int) Math.min(1L << 30, size * 4L / 3 + 1);
  }
}
