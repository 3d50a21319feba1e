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
 * Used by generated code: the {@link ValueShape}s of the types the formats know and of
 * collections, composed by the processor with the {@link GeneratedCodec}s it writes. Collections
 * read back as {@code ArrayList}, {@code LinkedHashSet} and {@code LinkedHashMap}, in their
 * written order, as the binary format reads them.
 */
public final class Shapes {
  private Shapes() {}

  /** Any value the format knows, with its type tag: a component typed by a type variable or {@code Object}. */
  public static final ValueShape<Object> ANY = new ValueShape<>() {
    @Override
    public void write(ValueWriter out, @Nullable Object value) {
      out.writeAny(value);
    }

    @Override
    public @Nullable Object read(ValueReader in) {
      return in.readAny();
    }
  };

  /** A {@code String} (or {@code null}). */
  public static final ValueShape<String> STRING = new Known<>(String.class);

  /**
   * A type the formats know by themselves ({@code Integer}, {@code BigDecimal}, {@code Instant},
   * {@code UUID}, {@code byte[]}, ...) or one registered with {@code Codecs.register}, checked to
   * be a {@code type} when read.
   */
  public static <T> ValueShape<T> of(Class<T> type) {
    return new Known<>(type);
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

  /** A {@code Map} from {@code key}s to {@code value}s: its keys and values alternate. */
  public static <K, V> ValueShape<Map<K, V>> map(ValueShape<K> key, ValueShape<V> value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return new ValueShape<>() {
      @Override
      public void write(ValueWriter out, @Nullable Map<K, V> map) {
        if (map == null) {
          out.beginElements(-1);
          return;
        }
        out.beginElements(map.size());
        int n = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
          key.write(out, e.getKey());
          value.write(out, e.getValue());
          n++;
        }
        sameSize(map.size(), n, map);
        out.endElements();
      }

      @Override
      public @Nullable Map<K, V> read(ValueReader in) {
        int size = in.beginElements(2);
        if (size == -1) {
          return null;
        }
        Map<K, V> map = new LinkedHashMap<>(capacity(presize(size)));
        for (int i = 0; size >= 0 ? i < size : in.hasMore(); i++) {
          K k = key.read(in);
          map.put(k, value.read(in));
        }
        in.endElements();
        return map;
      }
    };
  }

  /** An {@code Optional} of {@code element}, as no element or one (and a {@code null} where the component held one). */
  public static <E> ValueShape<Optional<E>> optional(ValueShape<E> element) {
    Objects.requireNonNull(element, "element");
    return new ValueShape<>() {
      @Override
      @SuppressWarnings("OptionalAssignedToNull")
      public void write(ValueWriter out, @Nullable Optional<E> value) {
        if (value == null) {
          out.beginElements(-1);
          return;
        }
        out.beginElements(value.isPresent() ? 1 : 0);
        if (value.isPresent()) {
          element.write(out, value.get());
        }
        out.endElements();
      }

      @Override
      @SuppressWarnings("OptionalAssignedToNull")
      public @Nullable Optional<E> read(ValueReader in) {
        int size = in.beginElements(1);
        if (size == -1) {
          return null;
        }
        Optional<E> value = Optional.empty();
        if (size == ValueReader.UNKNOWN_SIZE ? in.hasMore() : size > 0) {
          if (size > 1) {
            throw in.malformed("an Optional holds at most one value, not " + size);
          }
          value = Optional.ofNullable(element.read(in));
          if (size == ValueReader.UNKNOWN_SIZE && in.hasMore()) {
            throw in.malformed("an Optional holds at most one value");
          }
        }
        in.endElements();
        return value;
      }
    };
  }

  /** An array of {@code element}s, made by {@code make} ({@code User[]::new}). */
  public static <E> ValueShape<E[]> array(ValueShape<E> element, IntFunction<E[]> make) {
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(make, "make");
    ValueShape<List<E>> list = list(element);
    return new ValueShape<>() {
      @Override
      public void write(ValueWriter out, E @Nullable [] array) {
        if (array == null) {
          out.beginElements(-1);
          return;
        }
        out.beginElements(array.length);
        for (E e : array) {
          element.write(out, e);
        }
        out.endElements();
      }

      @Override
      public E @Nullable [] read(ValueReader in) {
        List<E> values = list.read(in);
        return values == null ? null : values.toArray(make.apply(values.size()));
      }
    };
  }

  /** An {@code int[]}. */
  public static final ValueShape<int[]> INT_ARRAY = new Primitives<int[]>(1) {
    @Override
    int length(int[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, int[] a, int i) {
      out.writeInt(a[i]);
    }

    @Override
    int[] make(int size) {
      return new int[size];
    }

    @Override
    void read(ValueReader in, int[] a, int i) {
      a[i] = in.readInt();
    }
  };

  /** A {@code long[]}. */
  public static final ValueShape<long[]> LONG_ARRAY = new Primitives<long[]>(1) {
    @Override
    int length(long[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, long[] a, int i) {
      out.writeLong(a[i]);
    }

    @Override
    long[] make(int size) {
      return new long[size];
    }

    @Override
    void read(ValueReader in, long[] a, int i) {
      a[i] = in.readLong();
    }
  };

  /** A {@code double[]}. */
  public static final ValueShape<double[]> DOUBLE_ARRAY = new Primitives<double[]>(1) {
    @Override
    int length(double[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, double[] a, int i) {
      out.writeDouble(a[i]);
    }

    @Override
    double[] make(int size) {
      return new double[size];
    }

    @Override
    void read(ValueReader in, double[] a, int i) {
      a[i] = in.readDouble();
    }
  };

  /** A {@code float[]}. */
  public static final ValueShape<float[]> FLOAT_ARRAY = new Primitives<float[]>(1) {
    @Override
    int length(float[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, float[] a, int i) {
      out.writeFloat(a[i]);
    }

    @Override
    float[] make(int size) {
      return new float[size];
    }

    @Override
    void read(ValueReader in, float[] a, int i) {
      a[i] = in.readFloat();
    }
  };

  /** A {@code short[]}. */
  public static final ValueShape<short[]> SHORT_ARRAY = new Primitives<short[]>(1) {
    @Override
    int length(short[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, short[] a, int i) {
      out.writeShort(a[i]);
    }

    @Override
    short[] make(int size) {
      return new short[size];
    }

    @Override
    void read(ValueReader in, short[] a, int i) {
      a[i] = in.readShort();
    }
  };

  /** A {@code char[]}. */
  public static final ValueShape<char[]> CHAR_ARRAY = new Primitives<char[]>(1) {
    @Override
    int length(char[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, char[] a, int i) {
      out.writeChar(a[i]);
    }

    @Override
    char[] make(int size) {
      return new char[size];
    }

    @Override
    void read(ValueReader in, char[] a, int i) {
      a[i] = in.readChar();
    }
  };

  /** A {@code boolean[]}. */
  public static final ValueShape<boolean[]> BOOLEAN_ARRAY = new Primitives<boolean[]>(1) {
    @Override
    int length(boolean[] a) {
      return a.length;
    }

    @Override
    void write(ValueWriter out, boolean[] a, int i) {
      out.writeBoolean(a[i]);
    }

    @Override
    boolean[] make(int size) {
      return new boolean[size];
    }

    @Override
    void read(ValueReader in, boolean[] a, int i) {
      a[i] = in.readBoolean();
    }
  };

  /** A value of a type the formats know, checked on the way back. */
  private static final class Known<T> extends ValueShape<T> {
    private final Class<T> type;

    Known(Class<T> type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public void write(ValueWriter out, @Nullable T value) {
      out.writeValue(type, value);
    }

    @Override
    public @Nullable T read(ValueReader in) {
      return in.readValue(type);
    }
  }

  /** A collection: its size ({@code -1}: {@code null}) and the elements. */
  private abstract static class Many<C extends Collection<E>, E> extends ValueShape<C> {
    private final ValueShape<E> element;

    Many(ValueShape<E> element) {
      this.element = Objects.requireNonNull(element, "element");
    }

    abstract C make(int size);

    @Override
    public void write(ValueWriter out, @Nullable C values) {
      if (values == null) {
        out.beginElements(-1);
        return;
      }
      out.beginElements(values.size());
      int n = 0;
      for (E e : values) {
        element.write(out, e);
        n++;
      }
      sameSize(values.size(), n, values);
      out.endElements();
    }

    @Override
    public @Nullable C read(ValueReader in) {
      int size = in.beginElements(1);
      if (size == -1) {
        return null;
      }
      C values = make(presize(size));
      for (int i = 0; size >= 0 ? i < size : in.hasMore(); i++) {
        values.add(element.read(in));
      }
      in.endElements();
      return values;
    }
  }

  /** An array of a primitive type: its length ({@code -1}: {@code null}) and the elements. */
  private abstract static class Primitives<A> extends ValueShape<A> {
    private final int minBytes;

    Primitives(int minBytes) {
      this.minBytes = minBytes;
    }

    abstract int length(A array);

    abstract void write(ValueWriter out, A array, int i);

    abstract A make(int size);

    /** Reads element {@code i} into {@code array}. */
    abstract void read(ValueReader in, A array, int i);

    @Override
    public void write(ValueWriter out, @Nullable A array) {
      if (array == null) {
        out.beginElements(-1);
        return;
      }
      int n = length(array);
      out.beginElements(n);
      for (int i = 0; i < n; i++) {
        write(out, array, i);
      }
      out.endElements();
    }

    @Override
    public @Nullable A read(ValueReader in) {
      int size = in.beginElements(minBytes);
      if (size == -1) {
        return null;
      }
      A array = make(presize(size));
      int i = 0;
      for (; size >= 0 ? i < size : in.hasMore(); i++) {
        array = room(array, i);
        read(in, array, i);
      }
      in.endElements();
      return length(array) == i ? array : trim(array, i);
    }

    /** {@code array} itself when index {@code i} fits (always, when the size was read first), else a copy twice as long. */
    private A room(A array, int i) {
      int length = length(array);
      if (i < length) {
        return array;
      }
      A bigger = make(Math.max(8, length * 2));
      System.arraycopy(array, 0, bigger, 0, length);
      return bigger;
    }

    private A trim(A array, int n) {
      A out = make(n);
      System.arraycopy(array, 0, out, 0, n);
      return out;
    }
  }

  private static void sameSize(int size, int iterated, Object collection) {
    if (size != iterated) {
      throw new IllegalArgumentException(
          "a " + collection.getClass().getName() + " changed while it was encoded (size " + size + ", " + iterated + " elements)");
    }
  }

  /**
   * How many elements to size a collection for before reading them: a size read is checked against
   * the bytes left, but nested collections can each claim all of them, so beyond 1024 a collection
   * grows as its elements arrive and a crafted payload allocates in proportion to its own length.
   */
  private static int presize(int size) {
    return Math.min(Math.max(size, 0), 1024);
  }

  private static int capacity(int size) {
    return (int) Math.min(1L << 30, size * 4L / 3 + 1);
  }
}
