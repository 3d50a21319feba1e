package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.codec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Codecs;
import dev.kaju.internal.codec.CodecFixture.CountingLogger;
import dev.kaju.spi.ValueCodec;
import dev.kaju.support.GeneratedCodec;
import dev.kaju.support.Shapes;
import dev.kaju.support.ValueReader;
import dev.kaju.support.ValueShape;
import dev.kaju.support.ValueWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: values of the application's records, enums and sealed interfaces, written by the codecs
 * the processor generates. The codecs below are hand-written exactly as the processor writes them
 * ({@code GeneratedCodec} subclasses composing {@code Shapes}), and the types are local to this test,
 * so the global registry they go into holds nothing another test uses.
 */
class GeneratedCodecTest {

  // ---- the application's types ----

  record Address(@Nullable String city, int zip) {
    Address {
      if (zip < 0) {
        throw new IllegalArgumentException("zip must not be negative, was " + zip);
      }
    }
  }

  enum Role { ADMIN, USER }

  /** An enum whose constant has a body: its class is a subclass of Role2, not Role2 itself. */
  enum Mood {
    CALM,
    ANGRY {
      @Override
      public String toString() {
        return "ANGRY!";
      }
    }
  }

  sealed interface Shape permits Circle, Square {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  record User(
      long id,
      @Nullable String name,
      @Nullable Address home,
      @Nullable List<Role> roles,
      @Nullable Map<String, Instant> seen,
      @Nullable Optional<Double> score) {}

  /** Every kind of component the processor writes, nested records included. */
  record Kitchen(
      boolean flag,
      byte b,
      short s,
      char c,
      int i,
      long l,
      float f,
      double d,
      @Nullable String text,
      @Nullable Address home,
      @Nullable Role role,
      @Nullable Shape shape,
      @Nullable User owner,
      @Nullable List<Address> addresses,
      @Nullable Set<Role> roles,
      @Nullable Map<String, Address> byCity,
      @Nullable Map<Role, List<Shape>> shapesByRole,
      @Nullable Optional<Address> maybeHome,
      @Nullable Optional<Instant> maybeAt,
      Address @Nullable [] addressArray,
      String @Nullable [] names,
      int @Nullable [] ints,
      long @Nullable [] longs,
      double @Nullable [] doubles,
      float @Nullable [] floats,
      short @Nullable [] shorts,
      char @Nullable [] chars,
      boolean @Nullable [] bools,
      @Nullable List<List<Integer>> grid,
      @Nullable Object any,
      @Nullable UUID uuid,
      @Nullable BigDecimal amount,
      @Nullable Mood mood) {}

  record Node(String name, @Nullable List<Node> children) {}

  /** Only for the fingerprint test, which re-registers its codec. */
  record Versioned(String text) {}

  /** Only for the Codecs.register test, which registers a codec of its own for it. */
  record Overridden(String text) {}

  /** Holds an {@link Overridden} as a typed component. */
  record HoldsOverridden(Overridden inner) {}

  /** An interface with a codec of its own (Codecs.register), implemented by a record with a generated one. */
  interface Labelled {
    String label();
  }

  record Label(String label) implements Labelled {}

  /** Never registered: a stored value naming it is a miss. */
  record Unregistered(String text) {}

  // ---- their codecs, as the processor writes them ----

  static final class AddressCodec extends GeneratedCodec<Address> {
    static final AddressCodec INSTANCE = new AddressCodec();

    private AddressCodec() {
      super(Address.class, 0x1234L);
    }

    @Override
    public void writeBody(ValueWriter out, Address value) {
      out.write("city", Shapes.STRING, value.city());
      out.writeInt("zip", value.zip());
    }

    @Override
    public Address readBody(ValueReader in) {
      String city = in.read("city", Shapes.STRING);
      int zip = in.readInt("zip");
      return new Address(city, zip);
    }
  }

  static final class RoleCodec extends GeneratedCodec<Role> {
    private static final Role[] VALUES = Role.values();
    static final RoleCodec INSTANCE = new RoleCodec();

    private RoleCodec() {
      super(Role.class, 0x2345L, VALUES);
    }

    @Override
    public void writeBody(ValueWriter out, Role value) {
      out.writeEnum(value.ordinal(), value.name());
    }

    @Override
    public Role readBody(ValueReader in) {
      int ordinal = in.readEnum(VALUES);
      if (ordinal < 0) {
        throw in.malformed("a null where a constant of " + Role.class.getName() + " was stored");
      }
      return VALUES[ordinal];
    }
  }


  static final class MoodCodec extends GeneratedCodec<Mood> {
    private static final Mood[] VALUES = Mood.values();
    static final MoodCodec INSTANCE = new MoodCodec();

    private MoodCodec() {
      super(Mood.class, 0x2346L, VALUES);
    }

    @Override
    public void writeBody(ValueWriter out, Mood value) {
      out.writeEnum(value.ordinal(), value.name());
    }

    @Override
    public Mood readBody(ValueReader in) {
      int ordinal = in.readEnum(VALUES);
      if (ordinal < 0) {
        throw in.malformed("a null where a constant of " + Mood.class.getName() + " was stored");
      }
      return VALUES[ordinal];
    }
  }


  static final class CircleCodec extends GeneratedCodec<Circle> {
    static final CircleCodec INSTANCE = new CircleCodec();

    private CircleCodec() {
      super(Circle.class, 0x3456L);
    }

    @Override
    public void writeBody(ValueWriter out, Circle value) {
      out.writeDouble("radius", value.radius());
    }

    @Override
    public Circle readBody(ValueReader in) {
      double radius = in.readDouble("radius");
      return new Circle(radius);
    }
  }

  static final class SquareCodec extends GeneratedCodec<Square> {
    static final SquareCodec INSTANCE = new SquareCodec();

    private SquareCodec() {
      super(Square.class, 0x4567L);
    }

    @Override
    public void writeBody(ValueWriter out, Square value) {
      out.writeDouble("side", value.side());
    }

    @Override
    public Square readBody(ValueReader in) {
      double side = in.readDouble("side");
      return new Square(side);
    }
  }

  static final class ShapeCodec extends GeneratedCodec<Shape> {
    static final ShapeCodec INSTANCE = new ShapeCodec();

    private ShapeCodec() {
      super(Shape.class, 0x5678L);
    }

    @Override
    public void writeBody(ValueWriter out, Shape value) {
      if (value instanceof Circle) {
        out.writeSubtype(0, "Circle");
        CircleCodec.INSTANCE.writeBody(out, (Circle) value);
      } else if (value instanceof Square) {
        out.writeSubtype(1, "Square");
        SquareCodec.INSTANCE.writeBody(out, (Square) value);
      } else {
        throw new IllegalArgumentException("not a permitted subtype of " + Shape.class.getName() + ": " + value.getClass().getName());
      }
    }

    @Override
    public Shape readBody(ValueReader in) {
      int subtype = in.readSubtype(new String[] {"Circle", "Square"});
      if (subtype == 0) {
        return CircleCodec.INSTANCE.readBody(in);
      }
      if (subtype == 1) {
        return SquareCodec.INSTANCE.readBody(in);
      }
      throw in.malformed("no subtype " + subtype + " of " + Shape.class.getName() + " (it has 2)");
    }
  }

  static final class UserCodec extends GeneratedCodec<User> {
    static final UserCodec INSTANCE = new UserCodec();
    private static final ValueShape<List<Role>> ROLES = Shapes.list(RoleCodec.INSTANCE);
    private static final ValueShape<Map<String, Instant>> SEEN = Shapes.map(Shapes.STRING, Shapes.of(Instant.class));
    private static final ValueShape<Optional<Double>> SCORE = Shapes.optional(Shapes.of(Double.class));

    private UserCodec() {
      super(User.class, 0x6789L);
    }

    @Override
    public void writeBody(ValueWriter out, User value) {
      out.writeLong("id", value.id());
      out.write("name", Shapes.STRING, value.name());
      out.write("home", AddressCodec.INSTANCE, value.home());
      out.write("roles", ROLES, value.roles());
      out.write("seen", SEEN, value.seen());
      out.write("score", SCORE, value.score());
    }

    @Override
    public User readBody(ValueReader in) {
      long id = in.readLong("id");
      String name = in.read("name", Shapes.STRING);
      Address home = in.read("home", AddressCodec.INSTANCE);
      List<Role> roles = in.read("roles", ROLES);
      Map<String, Instant> seen = in.read("seen", SEEN);
      Optional<Double> score = in.read("score", SCORE);
      return new User(id, name, home, roles, seen, score);
    }
  }

  static final class KitchenCodec extends GeneratedCodec<Kitchen> {
    static final KitchenCodec INSTANCE = new KitchenCodec();
    private static final ValueShape<List<Address>> ADDRESSES = Shapes.list(AddressCodec.INSTANCE);
    private static final ValueShape<Set<Role>> ROLES = Shapes.set(RoleCodec.INSTANCE);
    private static final ValueShape<Map<String, Address>> BY_CITY = Shapes.map(Shapes.STRING, AddressCodec.INSTANCE);
    private static final ValueShape<Map<Role, List<Shape>>> SHAPES_BY_ROLE =
        Shapes.map(RoleCodec.INSTANCE, Shapes.list(ShapeCodec.INSTANCE));
    private static final ValueShape<Optional<Address>> MAYBE_HOME = Shapes.optional(AddressCodec.INSTANCE);
    private static final ValueShape<Optional<Instant>> MAYBE_AT = Shapes.optional(Shapes.of(Instant.class));
    private static final ValueShape<Address[]> ADDRESS_ARRAY = Shapes.array(AddressCodec.INSTANCE, Address[]::new);
    private static final ValueShape<String[]> NAMES = Shapes.array(Shapes.STRING, String[]::new);
    private static final ValueShape<List<List<Integer>>> GRID = Shapes.list(Shapes.list(Shapes.of(Integer.class)));
    private static final ValueShape<UUID> UUID_SHAPE = Shapes.of(UUID.class);
    private static final ValueShape<BigDecimal> AMOUNT = Shapes.of(BigDecimal.class);

    private KitchenCodec() {
      super(Kitchen.class, 0x789AL);
    }

    @Override
    public void writeBody(ValueWriter out, Kitchen value) {
      out.writeBoolean("flag", value.flag());
      out.writeByte("b", value.b());
      out.writeShort("s", value.s());
      out.writeChar("c", value.c());
      out.writeInt("i", value.i());
      out.writeLong("l", value.l());
      out.writeFloat("f", value.f());
      out.writeDouble("d", value.d());
      out.write("text", Shapes.STRING, value.text());
      out.write("home", AddressCodec.INSTANCE, value.home());
      out.write("role", RoleCodec.INSTANCE, value.role());
      out.write("shape", ShapeCodec.INSTANCE, value.shape());
      out.write("owner", UserCodec.INSTANCE, value.owner());
      out.write("addresses", ADDRESSES, value.addresses());
      out.write("roles", ROLES, value.roles());
      out.write("byCity", BY_CITY, value.byCity());
      out.write("shapesByRole", SHAPES_BY_ROLE, value.shapesByRole());
      out.write("maybeHome", MAYBE_HOME, value.maybeHome());
      out.write("maybeAt", MAYBE_AT, value.maybeAt());
      out.write("addressArray", ADDRESS_ARRAY, value.addressArray());
      out.write("names", NAMES, value.names());
      out.write("ints", Shapes.INT_ARRAY, value.ints());
      out.write("longs", Shapes.LONG_ARRAY, value.longs());
      out.write("doubles", Shapes.DOUBLE_ARRAY, value.doubles());
      out.write("floats", Shapes.FLOAT_ARRAY, value.floats());
      out.write("shorts", Shapes.SHORT_ARRAY, value.shorts());
      out.write("chars", Shapes.CHAR_ARRAY, value.chars());
      out.write("bools", Shapes.BOOLEAN_ARRAY, value.bools());
      out.write("grid", GRID, value.grid());
      out.write("any", Shapes.ANY, value.any());
      out.write("uuid", UUID_SHAPE, value.uuid());
      out.write("amount", AMOUNT, value.amount());
      out.write("mood", MoodCodec.INSTANCE, value.mood());
    }

    @Override
    public Kitchen readBody(ValueReader in) {
      boolean flag = in.readBoolean("flag");
      byte b = in.readByte("b");
      short s = in.readShort("s");
      char c = in.readChar("c");
      int i = in.readInt("i");
      long l = in.readLong("l");
      float f = in.readFloat("f");
      double d = in.readDouble("d");
      String text = in.read("text", Shapes.STRING);
      Address home = in.read("home", AddressCodec.INSTANCE);
      Role role = in.read("role", RoleCodec.INSTANCE);
      Shape shape = in.read("shape", ShapeCodec.INSTANCE);
      User owner = in.read("owner", UserCodec.INSTANCE);
      List<Address> addresses = in.read("addresses", ADDRESSES);
      Set<Role> roles = in.read("roles", ROLES);
      Map<String, Address> byCity = in.read("byCity", BY_CITY);
      Map<Role, List<Shape>> shapesByRole = in.read("shapesByRole", SHAPES_BY_ROLE);
      Optional<Address> maybeHome = in.read("maybeHome", MAYBE_HOME);
      Optional<Instant> maybeAt = in.read("maybeAt", MAYBE_AT);
      Address[] addressArray = in.read("addressArray", ADDRESS_ARRAY);
      String[] names = in.read("names", NAMES);
      int[] ints = in.read("ints", Shapes.INT_ARRAY);
      long[] longs = in.read("longs", Shapes.LONG_ARRAY);
      double[] doubles = in.read("doubles", Shapes.DOUBLE_ARRAY);
      float[] floats = in.read("floats", Shapes.FLOAT_ARRAY);
      short[] shorts = in.read("shorts", Shapes.SHORT_ARRAY);
      char[] chars = in.read("chars", Shapes.CHAR_ARRAY);
      boolean[] bools = in.read("bools", Shapes.BOOLEAN_ARRAY);
      List<List<Integer>> grid = in.read("grid", GRID);
      Object any = in.read("any", Shapes.ANY);
      UUID uuid = in.read("uuid", UUID_SHAPE);
      BigDecimal amount = in.read("amount", AMOUNT);
      Mood mood = in.read("mood", MoodCodec.INSTANCE);
      return new Kitchen(
          flag, b, s, c, i, l, f, d, text, home, role, shape, owner, addresses, roles, byCity, shapesByRole, maybeHome,
          maybeAt, addressArray, names, ints, longs, doubles, floats, shorts, chars, bools, grid, any, uuid, amount, mood);
    }
  }

  static final class NodeCodec extends GeneratedCodec<Node> {
    static final NodeCodec INSTANCE = new NodeCodec();
    private static final ValueShape<List<Node>> CHILDREN = Shapes.list(INSTANCE);

    private NodeCodec() {
      super(Node.class, 0x89ABL);
    }

    @Override
    public void writeBody(ValueWriter out, Node value) {
      out.write("name", Shapes.STRING, value.name());
      out.write("children", CHILDREN, value.children());
    }

    @Override
    public Node readBody(ValueReader in) {
      String name = in.read("name", Shapes.STRING);
      List<Node> children = in.read("children", CHILDREN);
      return new Node(name, children);
    }
  }

  static final class VersionedCodec extends GeneratedCodec<Versioned> {
    static final long A = 0xAAAA_0000_0000_000AL;
    static final long B = 0xBBBB_0000_0000_000BL;
    static final VersionedCodec INSTANCE = new VersionedCodec(A);

    /** The same type with another schema: what a later build, whose Versioned changed, registers. */
    VersionedCodec(long fingerprint) {
      super(Versioned.class, fingerprint);
    }

    @Override
    public void writeBody(ValueWriter out, Versioned value) {
      out.write("text", Shapes.STRING, value.text());
    }

    @Override
    public Versioned readBody(ValueReader in) {
      String text = in.read("text", Shapes.STRING);
      return new Versioned(text);
    }
  }

  static final class OverriddenCodec extends GeneratedCodec<Overridden> {
    static final OverriddenCodec INSTANCE = new OverriddenCodec();

    private OverriddenCodec() {
      super(Overridden.class, 0x9ABCL);
    }

    @Override
    public void writeBody(ValueWriter out, Overridden value) {
      out.write("text", Shapes.STRING, value.text());
    }

    @Override
    public Overridden readBody(ValueReader in) {
      String text = in.read("text", Shapes.STRING);
      return new Overridden(text);
    }
  }

  static final class HoldsOverriddenCodec extends GeneratedCodec<HoldsOverridden> {
    static final HoldsOverriddenCodec INSTANCE = new HoldsOverriddenCodec();

    private HoldsOverriddenCodec() {
      super(HoldsOverridden.class, 0xABCDL);
    }

    @Override
    public void writeBody(ValueWriter out, HoldsOverridden value) {
      out.write("inner", OverriddenCodec.INSTANCE, value.inner());
    }

    @Override
    public HoldsOverridden readBody(ValueReader in) {
      Overridden inner = in.read("inner", OverriddenCodec.INSTANCE);
      return new HoldsOverridden(inner);
    }
  }

  static final class LabelCodec extends GeneratedCodec<Label> {
    static final LabelCodec INSTANCE = new LabelCodec();

    private LabelCodec() {
      super(Label.class, 0xBCDEL);
    }

    @Override
    public void writeBody(ValueWriter out, Label value) {
      out.write("label", Shapes.STRING, value.label());
    }

    @Override
    public Label readBody(ValueReader in) {
      String label = in.read("label", Shapes.STRING);
      return new Label(label);
    }
  }

  @BeforeAll
  static void registerCodecs() {
    // what the generated *Cached classes do when they load
    GeneratedCodec.register(
        AddressCodec.INSTANCE, RoleCodec.INSTANCE, MoodCodec.INSTANCE, CircleCodec.INSTANCE, SquareCodec.INSTANCE,
        ShapeCodec.INSTANCE, UserCodec.INSTANCE, KitchenCodec.INSTANCE, NodeCodec.INSTANCE, VersionedCodec.INSTANCE,
        OverriddenCodec.INSTANCE, HoldsOverriddenCodec.INSTANCE, LabelCodec.INSTANCE);
  }

  // ---- values ----

  static User user(int n) {
    Map<String, Instant> seen = new LinkedHashMap<>();
    seen.put("web", Instant.ofEpochSecond(1_700_000_000L + n, n));
    seen.put("app", Instant.ofEpochMilli(1_600_000_000_000L - n));
    return new User(
        n, "user " + n, new Address("city " + (n % 7), 10_000 + n), List.of(Role.USER, Role.ADMIN), seen,
        Optional.of(n / 3.0));
  }

  static Kitchen full() {
    Map<String, Address> byCity = new LinkedHashMap<>();
    byCity.put("Paris", new Address("Paris", 75001));
    byCity.put("", new Address("", 0));
    Map<Role, List<Shape>> shapes = new LinkedHashMap<>();
    shapes.put(Role.ADMIN, List.of(new Circle(1.5), new Square(2), new Circle(-0.0)));
    shapes.put(Role.USER, List.of());
    return new Kitchen(
        true, (byte) -128, Short.MIN_VALUE, '\uFFFF', Integer.MIN_VALUE, Long.MAX_VALUE, 1.25f, Math.PI,
        "héllo \uD83D\uDE00", new Address("Lyon", 69001), Role.ADMIN, new Square(3), user(7),
        List.of(new Address("A", 1), new Address("B", 2)), new LinkedHashSet<>(List.of(Role.USER, Role.ADMIN)), byCity,
        shapes, Optional.of(new Address("Nice", 6000)), Optional.of(Instant.ofEpochSecond(-5, 7)),
        new Address[] {new Address("X", 9), new Address("Y", 8)}, new String[] {"a", "", "ж"},
        new int[] {0, -1, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, 0, 1}, new double[] {-1.5, 0, 1e300},
        new float[] {Float.MIN_VALUE, 2f}, new short[] {-3, 7}, new char[] {'a', '\u0000'}, new boolean[] {true, false},
        List.of(List.of(1, 2), List.of(), List.of(3)),
        new ArrayList<>(List.of(new Address("any", 1), new Address("any", 1), new Circle(4), "text", 5L)),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new BigDecimal("-1.00100"), Mood.ANGRY);
  }

  /** Every nullable place holds null; primitives are zero. */
  static Kitchen nulls() {
    return new Kitchen(
        false, (byte) 0, (short) 0, '\0', 0, 0L, 0f, 0d, null, null, null, null,
        new User(0, null, null, null, null, null), null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /** Empty collections and arrays, empty Optionals, nulls inside collections. */
  static Kitchen empties() {
    Map<String, Address> byCity = new LinkedHashMap<>();
    byCity.put(null, null);
    byCity.put("nobody", null);
    Map<Role, List<Shape>> shapes = new LinkedHashMap<>();
    shapes.put(null, Arrays.asList(null, new Circle(1)));
    shapes.put(Role.USER, null);
    return new Kitchen(
        false, (byte) 1, (short) 1, 'x', 1, 1L, Float.NaN, Double.NEGATIVE_INFINITY, "", new Address(null, 0), Role.USER,
        new Circle(0), new User(1, "", new Address(null, 1), List.of(), Map.of(), Optional.empty()),
        Arrays.asList(null, new Address("c", 3), null), new LinkedHashSet<>(Arrays.asList(null, Role.ADMIN)), byCity,
        shapes, Optional.empty(), Optional.empty(), new Address[] {null}, new String[] {null, "x"}, new int[0],
        new long[0], new double[0], new float[0], new short[0], new char[0], new boolean[0],
        Arrays.asList(List.of(), null, Arrays.asList(null, 1)), new ArrayList<>(), null, BigDecimal.ZERO, Mood.CALM);
  }

  static List<String[]> configs() {
    return List.of(new String[] {}, new String[] {"secret=test"});
  }

  static Stream<Arguments> valuesInEveryConfig() {
    Map<String, List<User>> byTeam = new LinkedHashMap<>();
    byTeam.put("red", List.of(user(1), user(2)));
    byTeam.put("blue", List.of());
    byTeam.put("none", null);
    List<Object> values =
        List.of(
            full(), nulls(), empties(), user(3), new Address("Oslo", 150), Role.USER, Mood.CALM, new Circle(2),
            new Square(0.5), byTeam, new Node("leaf", null), new ArrayList<>(List.of(new Circle(1), new Square(2))));
    return Stream.of(new String[] {}, new String[] {"secret=test"}, new String[] {"serializer=json"},
            new String[] {"serializer=json", "secret=test"})
        .flatMap(config -> values.stream().map(v -> Arguments.of(String.join("&", config), v.getClass().getSimpleName(), v)));
  }

  static ValueCodec codecOf(String config) {
    return codec(config.isEmpty() ? new String[0] : config.split("&"));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("valuesInEveryConfig")
  @DisplayName("records, enums and sealed types round-trip through their generated codecs, in binary and json, signed or not")
  void roundTrips(String config, String type, Object value) {
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, config.isEmpty() ? new String[0] : config.split("&"));
    byte[] stored = codec.encode("key", value);
    Object decoded = codec.decode("key", stored);
    assertThat(logger.messages).isEmpty();
    assertThat(decoded)
        .isExactlyInstanceOf(value.getClass())
        .usingRecursiveComparison()
        // NaN equals NaN, -0.0 differs from 0.0: the bits come back
        .withComparatorForType(Float::compare, Float.class)
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(value);
    // what was read writes the same bytes again: every component came back, with its exact value
    assertThat(codec.encode("key", decoded)).isEqualTo(stored);
  }

  @Test
  @DisplayName("a record's components come back with their declared types and the shapes' collection classes")
  void componentsHaveTheirTypes() {
    ValueCodec codec = codec();
    Kitchen k = (Kitchen) codec.decode("k", codec.encode("k", full()));
    assertThat(k.shape()).isEqualTo(new Square(3));
    assertThat(k.owner()).isEqualTo(user(7));
    assertThat(k.addresses()).isExactlyInstanceOf(ArrayList.class).containsExactly(new Address("A", 1), new Address("B", 2));
    assertThat(k.roles()).isExactlyInstanceOf(LinkedHashSet.class).containsExactly(Role.USER, Role.ADMIN);
    assertThat(k.byCity()).isExactlyInstanceOf(LinkedHashMap.class).containsOnlyKeys("Paris", "");
    assertThat(k.shapesByRole().get(Role.ADMIN)).containsExactly(new Circle(1.5), new Square(2), new Circle(-0.0));
    assertThat(k.addressArray()).isExactlyInstanceOf(Address[].class).containsExactly(new Address("X", 9), new Address("Y", 8));
    assertThat(k.any()).isEqualTo(List.of(new Address("any", 1), new Address("any", 1), new Circle(4), "text", 5L));
    assertThat(k.mood()).isSameAs(Mood.ANGRY);
    Circle negativeZero = (Circle) k.shapesByRole().get(Role.ADMIN).get(2);
    assertThat(Double.doubleToRawLongBits(negativeZero.radius())).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  @DisplayName("golden bytes: marker, GENERATED tag, new type (0), name, 8-byte fingerprint, then the body")
  void goldenBytes() {
    byte[] stored = codec().encode("k", new Address("a", 1));
    BinaryOut expected = new BinaryOut();
    expected.b(0xF5);
    expected.b(49);
    expected.varint(0);
    expected.string(Address.class.getName());
    expected.fixed(0x1234L, 8);
    expected.b(3); // city: a tagged string
    expected.varint(1);
    expected.b('a');
    expected.b(2); // zip: zig-zag 1
    assertThat(stored).isEqualTo(expected.bytes());
  }

  @Test
  @DisplayName("a List of 100 records names their type once; the other 99 are back-references")
  void listNamesTypeOnce() {
    List<User> users = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      users.add(user(n));
    }
    for (String[] config : configs()) {
      ValueCodec codec = codec(config);
      byte[] stored = codec.encode("k", users);
      assertThat(occurrences(stored, User.class.getName())).isEqualTo(1);
      // the nested Address is written by its codec directly, with no name at all
      assertThat(occurrences(stored, Address.class.getName())).isZero();
      assertThat(codec.decode("k", stored)).isEqualTo(users);
    }
  }

  @Test
  @DisplayName("a Map<String, List<User>> names User once too, and reads back in order")
  void mapOfListsOfRecords() {
    Map<String, List<User>> byTeam = new LinkedHashMap<>();
    for (int t = 0; t < 5; t++) {
      List<User> team = new ArrayList<>();
      for (int n = 0; n < 10; n++) {
        team.add(user(t * 10 + n));
      }
      byTeam.put("team " + t, team);
    }
    ValueCodec codec = codec();
    byte[] stored = codec.encode("k", byTeam);
    assertThat(occurrences(stored, User.class.getName())).isEqualTo(1);
    Object decoded = codec.decode("k", stored);
    assertThat(decoded).isExactlyInstanceOf(LinkedHashMap.class).isEqualTo(byTeam);
    assertThat(new ArrayList<Object>(((Map<?, ?>) decoded).keySet())).containsExactly("team 0", "team 1", "team 2", "team 3", "team 4");
  }

  @Test
  @DisplayName("serializer=json stores each record of a list as readable JSON, with its type name and schema")
  void jsonWritesEachRecord() {
    List<User> users = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      users.add(user(n));
    }
    ValueCodec json = codec("serializer=json");
    byte[] stored = json.encode("k", users);
    String text = new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
    assertThat(text).startsWith("[{\"@generated\":[\"" + User.class.getName() + "\",\"0000000000006789\",{\"id\":0,");
    assertThat(occurrences(stored, "\"@generated\"")).isEqualTo(100);
    assertThat(json.decode("k", stored)).isEqualTo(users);
    // JSON has no back-references: each element repeats the type name and fingerprint
    assertThat(stored.length).isGreaterThan(codec().encode("k", users).length + 100 * User.class.getName().length());
  }

  // ---- depth ----

  static Node chain(int depth) {
    Node node = new Node("n" + depth, null);
    for (int d = depth - 1; d >= 1; d--) {
      node = new Node("n" + d, List.of(node));
    }
    return node;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 50, 100})
  @DisplayName("a recursive record round-trips up to 100 levels deep")
  void recursiveRecordRoundTrips(int depth) {
    for (String[] config : configs()) {
      ValueCodec codec = codec(config);
      Node node = chain(depth);
      assertThat(codec.decode("k", codec.encode("k", node))).isEqualTo(node);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {101, 200})
  @DisplayName("a recursive record deeper than 100 levels fails to encode, naming its type and the limit")
  void tooDeepFailsToEncode(int depth) {
    assertThatThrownBy(() -> codec().encode("k", chain(depth)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode a " + Node.class.getName() + " nested more than 100 levels deep (does it contain itself?)");
  }

  @Test
  @DisplayName("a record that contains itself (through a mutable list) fails to encode instead of overflowing the stack")
  void cycleFails() {
    List<Node> children = new ArrayList<>();
    Node node = new Node("loop", children);
    children.add(node);
    assertThatThrownBy(() -> codec().encode("k", node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested more than 100 levels deep (does it contain itself?)");
  }

  @Test
  @DisplayName("with serializer=json, a record nested too deep fails with the binary codec's reason as the cause")
  void tooDeepInJson() {
    assertThatThrownBy(() -> codec("serializer=json").encode("k", chain(200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot encode a " + Node.class.getName() + " nested more than 100 levels deep (does it contain itself?)");
  }

  @Test
  @DisplayName("a value that encodes also decodes: a null list element at the format's deepest level")
  void whatEncodesDecodes() {
    // a record holding, as Object, lists nested 100 deep whose innermost holds a null
    Object nested = new ArrayList<>(Arrays.asList((Object) null));
    for (int d = 0; d < 99; d++) {
      nested = new ArrayList<>(List.of(nested));
    }
    Kitchen k = new Kitchen(
        false, (byte) 0, (short) 0, '\0', 0, 0L, 0f, 0d, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, nested, null, null, null);
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger);
    byte[] stored = codec.encode("k", k);
    assertThat(codec.decode("k", stored)).as("decoded, with log %s", logger.messages).isEqualTo(k);
  }

  @ParameterizedTest
  @ValueSource(strings = {"serializer=binary", "serializer=json"})
  @DisplayName("a value that encodes also decodes: plain lists 101 deep around a null, no record involved")
  void whatEncodesDecodesWithoutRecords(String serializer) {
    Object nested = new ArrayList<>(Arrays.asList((Object) null));
    for (int d = 0; d < 100; d++) {
      nested = new ArrayList<>(List.of(nested));
    }
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger, serializer);
    byte[] stored = codec.encode("k", nested);
    Object decoded = codec.decode("k", stored);
    // a boolean: AssertJ takes exponential time to print lists nested this deep
    assertThat(nested.equals(decoded)).as("decoded, with log %s", logger.messages).isTrue();
  }

  // ---- schema fingerprints ----

  @Test
  @DisplayName("a value stored with another schema fingerprint is a miss naming the type and 'schema'; the old codec reads it again")
  void otherFingerprintIsAMiss() {
    Versioned value = new Versioned("v1");
    byte[] stored = codec().encode("k", value);
    byte[] storedJson = codec("serializer=json").encode("k", value);
    byte[] storedList = codec().encode("k", List.of(value, value, value));
    try {
      GeneratedCodec.register(new VersionedCodec(VersionedCodec.B));
      for (byte[] bytes : List.of(stored, storedList)) {
        CountingLogger logger = new CountingLogger();
        assertThat(codec(logger).decode("k", bytes)).isNull();
        assertThat(logger.messages).singleElement().asString()
            .contains(Versioned.class.getName())
            .contains("schema")
            .contains(Long.toHexString(VersionedCodec.A))
            .contains(Long.toHexString(VersionedCodec.B));
      }
      CountingLogger logger = new CountingLogger();
      assertThat(codec(logger, "serializer=json").decode("k", storedJson)).isNull();
      assertThat(logger.messages).singleElement().asString().contains(Versioned.class.getName()).contains("schema");
      // what the new build writes, it reads
      ValueCodec codec = codec();
      assertThat(codec.decode("k", codec.encode("k", value))).isEqualTo(value);
    } finally {
      GeneratedCodec.register(VersionedCodec.INSTANCE);
    }
    assertThat(codec().decode("k", stored)).isEqualTo(value);
    assertThat(codec().decode("k", storedList)).isEqualTo(List.of(value, value, value));
    assertThat(codec("serializer=json").decode("k", storedJson)).isEqualTo(value);
  }

  @Test
  @DisplayName("a stored type no codec is registered for is a miss, and its class is never loaded by name")
  void unknownTypeIsAMiss() {
    BinaryOut out = header(Unregistered.class.getName(), 1);
    out.string("x");
    CountingLogger logger = new CountingLogger();
    assertThat(codec(logger).decode("k", out.bytes())).isNull();
    assertThat(logger.messages).singleElement().asString().contains("no generated codec for " + Unregistered.class.getName());

    BinaryOut missing = header("com.example.DoesNotExist", 1);
    missing.string("x");
    assertThat(codec().decode("k", missing.bytes())).isNull();
  }

  // ---- Codecs.register ----

  @Test
  @DisplayName("Codecs.register of a type wins over its generated codec where the format picks the codec (a top-level value, Object, untyped collections)")
  void registeredCodecWins() {
    Codecs.register(
        Overridden.class,
        v -> ("custom:" + v.text()).getBytes(StandardCharsets.UTF_8),
        b -> new Overridden("decoded " + new String(b, StandardCharsets.UTF_8)));
    ValueCodec codec = codec();
    byte[] stored = codec.encode("k", new Overridden("x"));
    assertThat(stored[1]).as("the REGISTERED tag").isEqualTo((byte) 48);
    assertThat(occurrences(stored, "custom:x")).isEqualTo(1);
    assertThat(codec.decode("k", stored)).isEqualTo(new Overridden("decoded custom:x"));
    assertThat(codec.decode("k", codec.encode("k", List.of(new Overridden("y")))))
        .isEqualTo(List.of(new Overridden("decoded custom:y")));
    assertThat(codec("serializer=json").decode("k", codec("serializer=json").encode("k", new Overridden("z"))))
        .isEqualTo(new Overridden("decoded custom:z"));
  }

  @Test
  @DisplayName("a component typed as a type with Codecs.register is still written by its generated codec (the component's shape is fixed at compile time)")
  void registeredCodecDoesNotReachTypedComponents() {
    Codecs.register(
        Overridden.class,
        v -> ("custom:" + v.text()).getBytes(StandardCharsets.UTF_8),
        b -> new Overridden("decoded " + new String(b, StandardCharsets.UTF_8)));
    ValueCodec codec = codec();
    byte[] stored = codec.encode("k", new HoldsOverridden(new Overridden("x")));
    assertThat(occurrences(stored, "custom:")).isZero();
    assertThat(codec.decode("k", stored)).isEqualTo(new HoldsOverridden(new Overridden("x")));
  }

  @Test
  @DisplayName("a generated codec wins over Codecs.register of an interface the record implements (only an exact registration beats it)")
  void generatedWinsOverSupertypeRegistration() {
    Codecs.register(
        Labelled.class,
        v -> v.label().getBytes(StandardCharsets.UTF_8),
        b -> new Label("by the interface's decoder: " + new String(b, StandardCharsets.UTF_8)));
    ValueCodec codec = codec();
    byte[] stored = codec.encode("k", new Label("x"));
    assertThat(stored[1]).as("the GENERATED tag").isEqualTo((byte) 49);
    assertThat(codec.decode("k", stored)).isEqualTo(new Label("x"));
  }

  // ---- crafted bytes ----

  /** A payload of one value of a type {@code name} new in the payload, up to its body. */
  static BinaryOut header(String name, long fingerprint) {
    BinaryOut out = new BinaryOut();
    out.b(0xF5);
    out.b(49);
    out.varint(0);
    out.string(name);
    out.fixed(fingerprint, 8);
    return out;
  }

  static BinaryOut userHeader() {
    return header(User.class.getName(), 0x6789L);
  }

  static byte[] crafted(BinaryOut start, Consumer<BinaryOut> rest) {
    rest.accept(start);
    return start.bytes();
  }

  static Stream<Arguments> craftedPayloads() {
    return Stream.of(
        Arguments.of("a list count of 2^31", crafted(userHeader(), out -> {
          out.zigzag(1); // id
          out.b(0); // name: null
          out.b(0); // home: absent
          out.varint((1L << 31) + 1); // roles: 2^31 elements
          out.b(1);
        }), "count 2147483648 exceeds"),
        Arguments.of("a list count of 2^62", crafted(userHeader(), out -> {
          out.zigzag(1);
          out.b(0);
          out.b(0);
          out.varint(1L << 62);
        }), "count"),
        Arguments.of("an int[] count of ten million in a few bytes", crafted(header(Kitchen.class.getName(), 0x789AL), out -> {
          out.b(0); // flag
          out.b(0); // b
          out.zigzag(0); // s
          out.fixed(0, 2); // c
          out.zigzag(0); // i
          out.zigzag(0); // l
          out.fixed(0, 4); // f
          out.fixed(0, 8); // d
          for (int n = 0; n < 5; n++) {
            out.b(0); // text (tag NULL), home, role, shape, owner (absent)
          }
          for (int n = 0; n < 8; n++) {
            out.varint(0); // addresses, roles, byCity, shapesByRole, maybeHome, maybeAt, addressArray, names: null
          }
          out.varint(10_000_001); // ints
          out.zigzag(1);
        }), "count 10000000 exceeds"),
        Arguments.of("a map count larger than the bytes left", crafted(userHeader(), out -> {
          out.zigzag(1);
          out.b(0);
          out.b(0);
          out.varint(0); // roles: null
          out.varint(1001); // seen: 1000 entries
          out.string("web");
        }), "count 1000 exceeds"),
        Arguments.of("an enum ordinal out of range", crafted(header(Role.class.getName(), 0x2345L), out -> out.varint(3)),
            "no constant #2 in " + Role.class.getName()), // a constant is stored as its position + 1 (0: null)
        Arguments.of("an enum ordinal out of range in a list", crafted(userHeader(), out -> {
          out.zigzag(1);
          out.b(0);
          out.b(0);
          out.varint(3); // roles: 2 elements
          out.varint(1); // ADMIN (position + 1)
          out.varint(Long.MAX_VALUE); // position 2^63-2
        }), "no constant #9223372036854775806"),
        Arguments.of("a sealed discriminator out of range", crafted(header(Shape.class.getName(), 0x5678L), out -> {
          out.varint(2);
          out.fixed(0, 8);
        }), "no subtype #2 (there are 2)"),
        Arguments.of("a back-reference to a type never named", bytes(0xF5, 49, 1, 1, 0), "type reference 1 but 0 types were named"),
        Arguments.of("a back-reference past the types named", crafted(new BinaryOut(), out -> {
          out.b(0xF5);
          out.b(32); // a list of
          out.varint(2); // two
          out.b(49);
          out.varint(0);
          out.string(Circle.class.getName());
          out.fixed(0x3456L, 8);
          out.fixed(0, 8);
          out.b(49);
          out.varint(2); // the second type: there is one
          out.fixed(0, 8);
        }), "type reference 2 but 1 types were named"),
        Arguments.of("a presence byte of 7", crafted(userHeader(), out -> {
          out.zigzag(1);
          out.b(0);
          out.b(7); // home
        }), "expected a boolean (0 or 1), found 7"),
        Arguments.of("a canonical constructor that rejects the components", crafted(header(Address.class.getName(), 0x1234L), out -> {
          out.string("x");
          out.zigzag(-1);
        }), "zip must not be negative, was -1"),
        Arguments.of("a varint of 11 bytes", crafted(userHeader(), out -> {
          for (int n = 0; n < 10; n++) {
            out.b(0xFF);
          }
          out.b(0x01);
        }), "varint longer than 10 bytes"),
        Arguments.of("an Optional state of 3", crafted(userHeader(), out -> {
          out.zigzag(1);
          out.b(0);
          out.b(0);
          out.varint(0);
          out.varint(0);
          out.varint(3);
        }), "count 2 exceeds"), // an Optional is zero or one element; two are checked against the bytes left first
        Arguments.of("a component of another type", crafted(header(Address.class.getName(), 0x1234L), out -> {
          out.b(6); // a Long where the city String belongs
          out.zigzag(5);
          out.zigzag(1);
        }), "expected a java.lang.String, found a java.lang.Long"),
        Arguments.of("an int component out of range", crafted(header(Address.class.getName(), 0x1234L), out -> {
          out.string("x");
          out.zigzag(1L << 40);
        }), "int out of range"),
        Arguments.of("bytes after the record", crafted(header(Circle.class.getName(), 0x3456L), out -> {
          out.fixed(0, 8);
          out.b(0);
        }), "1 bytes left over"),
        Arguments.of("records nested 200 deep", deepNodes(200), "nested more than 100 levels deep"));
  }

  /** A Node chain {@code depth} deep as bytes, as an encoder without a depth limit would write it. */
  static byte[] deepNodes(int depth) {
    BinaryOut out = header(Node.class.getName(), 0x89ABL);
    for (int d = 0; d < depth; d++) {
      out.string("n");
      out.varint(2); // one child
      out.b(1); // present
    }
    out.string("leaf");
    out.varint(0);
    return out.bytes();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("craftedPayloads")
  @DisplayName("crafted bytes are a miss with a warning saying why, never an exception or a large allocation")
  void craftedPayloadsAreMisses(String what, byte[] stored, String reason) {
    codec().decode("warm-up", stored);
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger);
    long before = allocated();
    Object decoded = codec.decode("the-key", stored);
    long allocated = allocated() - before;
    assertThat(decoded).isNull();
    assertThat(logger.messages).singleElement().asString().contains("the-key").contains(reason);
    assertThat(allocated).as("bytes allocated reading %d crafted bytes", stored.length).isLessThan(1 << 20);
  }

  /**
   * Records nested 100 deep (as deep as the reader goes), each claiming as many children as there
   * are bytes left, followed by {@code padding} zero bytes that make every claim pass the count check.
   */
  static byte[] greedyNodes(int padding) {
    BinaryOut out = header(Node.class.getName(), 0x89ABL);
    int levels = 101;
    int perLevel = 1 + 1 + 1 + 3 + 1; // name "n", count varint, presence
    for (int d = 0; d < levels; d++) {
      out.string("n");
      out.varint((long) (levels - d - 1) * perLevel + padding + 1);
      out.b(1);
    }
    out.b(new byte[padding], 0, padding);
    return out.bytes();
  }

  /** Lists of the binary format itself (no record), nested 101 deep, each claiming the bytes left. */
  static byte[] greedyLists(int padding) {
    BinaryOut out = new BinaryOut();
    out.b(0xF5);
    int levels = 102;
    for (int d = 0; d < levels; d++) {
      out.b(32);
      out.varint((long) (levels - d - 1) * 4 + padding);
    }
    out.b(new byte[padding], 0, padding);
    return out.bytes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"records", "lists"})
  @DisplayName("collections nested 100 deep, each claiming the bytes left, allocate in proportion to the payload, not 100 times it")
  void nestedCountsDoNotMultiplyAllocation(String kind) {
    byte[] stored = kind.equals("records") ? greedyNodes(200_000) : greedyLists(200_000);
    codec().decode("warm-up", stored);
    CountingLogger logger = new CountingLogger();
    ValueCodec codec = codec(logger);
    long before = allocated();
    Object decoded = codec.decode("k", stored);
    long allocated = allocated() - before;
    assertThat(decoded).isNull();
    assertThat(logger.messages).singleElement().asString().contains("nested more than 100 levels deep");
    assertThat(allocated)
        .as("bytes allocated reading a %d-byte payload (%d per payload byte)", stored.length, allocated / stored.length)
        .isLessThan(16L * stored.length);
  }

  @Test
  @DisplayName("every truncation of a valid payload is a miss, never an exception or a large allocation")
  void everyTruncationIsAMiss() {
    List<Object> values = List.of(full(), empties(), List.of(user(1), user(2)), chain(5));
    for (Object value : values) {
      for (String[] config : configs()) {
        byte[] stored = codec(config).encode("k", value);
        for (int length = 0; length < stored.length; length++) {
          byte[] prefix = Arrays.copyOf(stored, length);
          CountingLogger logger = new CountingLogger();
          ValueCodec codec = codec(logger, config);
          long before = allocated();
          Object decoded = codec.decode("k", prefix);
          long allocated = allocated() - before;
          assertThat(decoded).as("%s, %d of %d bytes", value.getClass().getSimpleName(), length, stored.length).isNull();
          assertThat(logger.messages).hasSize(1);
          assertThat(allocated).as("bytes allocated reading %d truncated bytes", length).isLessThan(1 << 20);
        }
      }
    }
  }

  @Test
  @DisplayName("every single-byte corruption of a record payload decodes or misses, never throws")
  void everyCorruptionIsSafe() {
    byte[] stored = codec().encode("k", full());
    ValueCodec codec = codec(new CountingLogger());
    for (int i = 1; i < stored.length; i++) {
      for (int b : new int[] {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
        byte[] corrupt = stored.clone();
        corrupt[i] = (byte) b;
        long before = allocated();
        codec.decode("k", corrupt); // a value or null; throwing fails the test
        assertThat(allocated() - before).as("byte %d set to %d", i, b).isLessThan(1 << 20);
      }
    }
  }

  // ---- enums with constant bodies ----

  @Test
  @DisplayName("an enum constant with a body is encoded by its enum's codec at the top level too")
  void enumConstantWithBody() {
    ValueCodec codec = codec();
    assertThat(codec.decode("k", codec.encode("k", Mood.ANGRY))).isSameAs(Mood.ANGRY);
    assertThat(codec.decode("k", codec.encode("k", List.of(Mood.CALM, Mood.ANGRY)))).isEqualTo(List.of(Mood.CALM, Mood.ANGRY));
  }

  // ---- helpers ----

  /**
   * {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()}, by reflection: the tests
   * run on the class path, but compile as part of the module, which does not read jdk.management.
   */
  private static final java.lang.invoke.MethodHandle ALLOCATED = allocatedBytes();

  private static java.lang.invoke.MethodHandle allocatedBytes() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      return java.lang.invoke.MethodHandles.publicLookup()
          .findVirtual(type, "getCurrentThreadAllocatedBytes", java.lang.invoke.MethodType.methodType(long.class))
          .bindTo(bean);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("this JVM does not count allocated bytes", e);
    }
  }

  private static long allocated() {
    try {
      return (long) ALLOCATED.invoke();
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  static int occurrences(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    int count = 0;
    for (int i = 0; i + n.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + n.length, n, 0, n.length)) {
        count++;
      }
    }
    return count;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
