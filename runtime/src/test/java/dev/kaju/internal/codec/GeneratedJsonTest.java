package dev.kaju.internal.codec;

import static dev.kaju.internal.codec.CodecFixture.codec;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated codecs under {@code serializer=json}: the JSON they write, and every way crafted JSON
 * can fail to be what the codec expects, each a miss. The codecs are written here by hand exactly
 * as the processor writes them.
 */
@DisplayName("Generated codecs as JSON")
class GeneratedJsonTest {

  enum Tier { GOLD, SILVER }

  sealed interface Perk permits Voucher, Lounge {}

  record Voucher(BigDecimal amount, LocalDate until) implements Perk {}

  enum Lounge implements Perk { ANY, NONE }

  record Member(long id, String name, Tier tier, List<Perk> perks, Optional<Instant> seen, Map<String, UUID> devices,
      int[] scores, double ratio, char initial, byte[] photo) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Member m && id == m.id && name.equals(m.name) && tier == m.tier && perks.equals(m.perks)
          && seen.equals(m.seen) && devices.equals(m.devices) && Arrays.equals(scores, m.scores)
          && Double.compare(ratio, m.ratio) == 0 && initial == m.initial && Arrays.equals(photo, m.photo);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id);
    }
  }

  static final class TierCodec extends GeneratedCodec<Tier> {
    private static final Tier[] CONSTANTS = Tier.values();
    static final TierCodec INSTANCE = new TierCodec();

    private TierCodec() {
      super(Tier.class, 0x11L, CONSTANTS);
    }

    @Override
    public void writeBody(ValueWriter out, Tier value) {
      out.writeEnum(value.ordinal(), value.name());
    }

    @Override
    public Tier readBody(ValueReader in) {
      int ordinal = in.readEnum(CONSTANTS);
      if (ordinal < 0) {
        throw in.malformed("a null where a constant was stored");
      }
      return CONSTANTS[ordinal];
    }
  }

  static final class LoungeCodec extends GeneratedCodec<Lounge> {
    private static final Lounge[] CONSTANTS = Lounge.values();
    static final LoungeCodec INSTANCE = new LoungeCodec();

    private LoungeCodec() {
      super(Lounge.class, 0x12L, CONSTANTS);
    }

    @Override
    public void writeBody(ValueWriter out, Lounge value) {
      out.writeEnum(value.ordinal(), value.name());
    }

    @Override
    public Lounge readBody(ValueReader in) {
      int ordinal = in.readEnum(CONSTANTS);
      if (ordinal < 0) {
        throw in.malformed("a null where a constant was stored");
      }
      return CONSTANTS[ordinal];
    }
  }

  static final class VoucherCodec extends GeneratedCodec<Voucher> {
    static final VoucherCodec INSTANCE = new VoucherCodec();

    private VoucherCodec() {
      super(Voucher.class, 0x13L);
    }

    @Override
    public void writeBody(ValueWriter out, Voucher value) {
      out.write("amount", Shapes.of(BigDecimal.class), value.amount());
      out.write("until", Shapes.of(LocalDate.class), value.until());
    }

    @Override
    public Voucher readBody(ValueReader in) {
      BigDecimal amount = in.read("amount", Shapes.of(BigDecimal.class));
      LocalDate until = in.read("until", Shapes.of(LocalDate.class));
      return new Voucher(amount, until);
    }
  }

  static final class PerkCodec extends GeneratedCodec<Perk> {
    private static final String[] SUBTYPES = {"Voucher", "Lounge"};
    static final PerkCodec INSTANCE = new PerkCodec();

    private PerkCodec() {
      super(Perk.class, 0x14L);
    }

    @Override
    public void writeBody(ValueWriter out, Perk value) {
      if (value instanceof Voucher) {
        out.writeSubtype(0, "Voucher");
        VoucherCodec.INSTANCE.writeBody(out, (Voucher) value);
      } else {
        out.writeSubtype(1, "Lounge");
        out.write("value", LoungeCodec.INSTANCE, (Lounge) value);
      }
    }

    @Override
    public Perk readBody(ValueReader in) {
      int subtype = in.readSubtype(SUBTYPES);
      if (subtype == 0) {
        return VoucherCodec.INSTANCE.readBody(in);
      }
      Lounge lounge = in.read("value", LoungeCodec.INSTANCE);
      if (lounge == null) {
        throw in.malformed("a null where a Lounge was stored");
      }
      return lounge;
    }
  }

  static final class MemberCodec extends GeneratedCodec<Member> {
    static final MemberCodec INSTANCE = new MemberCodec();
    private static final ValueShape<List<Perk>> PERKS = Shapes.list(PerkCodec.INSTANCE);
    private static final ValueShape<Optional<Instant>> SEEN = Shapes.optional(Shapes.of(Instant.class));
    private static final ValueShape<Map<String, UUID>> DEVICES = Shapes.map(Shapes.STRING, Shapes.of(UUID.class));

    private MemberCodec() {
      super(Member.class, 0x15L);
    }

    @Override
    public void writeBody(ValueWriter out, Member value) {
      out.writeLong("id", value.id());
      out.write("name", Shapes.STRING, value.name());
      out.write("tier", TierCodec.INSTANCE, value.tier());
      out.write("perks", PERKS, value.perks());
      out.write("seen", SEEN, value.seen());
      out.write("devices", DEVICES, value.devices());
      out.write("scores", Shapes.INT_ARRAY, value.scores());
      out.writeDouble("ratio", value.ratio());
      out.writeChar("initial", value.initial());
      out.write("photo", Shapes.of(byte[].class), value.photo());
    }

    @Override
    public Member readBody(ValueReader in) {
      long id = in.readLong("id");
      String name = in.read("name", Shapes.STRING);
      Tier tier = in.read("tier", TierCodec.INSTANCE);
      List<Perk> perks = in.read("perks", PERKS);
      Optional<Instant> seen = in.read("seen", SEEN);
      Map<String, UUID> devices = in.read("devices", DEVICES);
      int[] scores = in.read("scores", Shapes.INT_ARRAY);
      double ratio = in.readDouble("ratio");
      char initial = in.readChar("initial");
      byte[] photo = in.read("photo", Shapes.of(byte[].class));
      return new Member(id, name, tier, perks, seen, devices, scores, ratio, initial, photo);
    }
  }

  @BeforeAll
  static void register() {
    GeneratedCodec.register(TierCodec.INSTANCE, LoungeCodec.INSTANCE, VoucherCodec.INSTANCE, MemberCodec.INSTANCE);
  }

  static Member member() {
    Map<String, UUID> devices = new LinkedHashMap<>();
    devices.put("phone", new UUID(1, 2));
    devices.put("lost", null);
    List<Perk> perks = new ArrayList<>(List.of(new Voucher(new BigDecimal("12.50"), LocalDate.of(2027, 3, 1)), Lounge.ANY));
    perks.add(null);
    return new Member(7, "Ann \"the\" Member", Tier.GOLD, perks, Optional.of(Instant.parse("2026-12-01T10:15:30Z")), devices,
        new int[] {3, -1}, Double.NaN, 'A', new byte[] {1, 2, 3});
  }

  private static String json(byte[] stored) {
    return new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
  }

  private static byte[] payload(String json) {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[text.length + 1];
    out[0] = PayloadFormat.JSON;
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }

  @Test
  @DisplayName("a record is an object of its components by name, read back equal")
  void writesReadableJson() {
    ValueCodec codec = codec("serializer=json");
    byte[] stored = codec.encode("k", member());
    assertThat(json(stored)).isEqualTo(
        "{\"@generated\":[\"" + Member.class.getName() + "\",\"0000000000000015\",{\"id\":7,\"name\":\"Ann \\\"the\\\" Member\","
            + "\"tier\":\"GOLD\",\"perks\":[{\"@type\":\"Voucher\",\"amount\":12.50,\"until\":\"2027-03-01\"},"
            + "{\"@type\":\"Lounge\",\"value\":\"ANY\"},null],\"seen\":[\"2026-12-01T10:15:30Z\"],"
            + "\"devices\":[\"phone\",\"00000000-0000-0001-0000-000000000002\",\"lost\",null],\"scores\":[3,-1],"
            + "\"ratio\":\"NaN\",\"initial\":\"A\",\"photo\":\"AQID\"}]}");
    assertThat(codec.decode("k", stored)).isEqualTo(member());
  }

  @Test
  @DisplayName("with a secret, and inside a list and a map the codec knows by itself")
  void signedAndNested() {
    ValueCodec codec = codec("serializer=json", "secret=s");
    List<Object> list = new ArrayList<>(List.of(member(), Tier.SILVER, Map.of("m", member())));
    assertThat(codec.decode("k", codec.encode("k", list))).isEqualTo(list);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "\"id\":7,\"name\"", // cut inside the object
      "\"id\":\"7\"", // a string for a long
      "\"id\":7.5", // a fraction for a long
      "\"id\":99999999999999999999", // out of a long's range
      "\"tier\":\"BRONZE\"", // no such constant
      "\"tier\":3", // a number for a constant
      "\"@type\":\"Coupon\"", // no such subtype
      "\"until\":\"2027-13-45\"", // not a date
      "\"devices\":{}", // an object for a map's array
      "\"scores\":[3,\"x\"]", // a string in an int[]
      "\"initial\":\"AB\"", // two chars for a char
      "\"photo\":\"***\"", // not base64
      "\"seen\":[\"2026-12-01T10:15:30Z\",\"2026-12-02T10:15:30Z\"]", // an Optional of two
      "\"ratio\":\"many\"", // not a number
      "\"id\":7,\"id\":8", // a duplicate member
      "\"name\":\"x\",\"id\":7", // members out of order
      "\"extra\":1,\"id\":7", // an unknown member
  })
  @DisplayName("crafted JSON is a miss with a warning, never an exception or a wrong value")
  void craftedJsonIsAMiss(String change) {
    CountingLogger log = new CountingLogger();
    ValueCodec codec = codec(log, "serializer=json");
    String good = json(codec.encode("k", member()));
    String crafted = craft(good, change);
    assertThat(crafted).isNotEqualTo(good);
    assertThat(codec.decode("k", payload(crafted))).isNull();
    assertThat(log.messages).singleElement().asString().contains("reading key 'k' gave a miss");
  }

  /** {@code good} with the member that {@code change} starts with replaced by it (or cut there). */
  private static String craft(String good, String change) {
    switch (change) {
      case "\"id\":7,\"name\"":
        return good.substring(0, good.indexOf("\"name\"") + 6);
      case "\"id\":7,\"id\":8":
        return good.replace("\"id\":7,", "\"id\":7,\"id\":8,");
      case "\"name\":\"x\",\"id\":7":
        return good.replace("\"id\":7,\"name\":\"Ann \\\"the\\\" Member\",", "\"name\":\"x\",\"id\":7,");
      case "\"extra\":1,\"id\":7":
        return good.replace("\"id\":7,", "\"extra\":1,\"id\":7,");
      default:
        String member = change.substring(0, change.indexOf(':') + 1);
        int at = good.indexOf(member);
        int end = endOfValue(good, at + member.length());
        return good.substring(0, at) + change + good.substring(end);
    }
  }

  private static int endOfValue(String s, int from) {
    int depth = 0;
    boolean text = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (text) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          text = false;
        }
      } else if (c == '"') {
        text = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return i;
      }
    }
    return s.length();
  }

  @Test
  @DisplayName("another schema fingerprint, an unknown type name and JSON truncated at every length are misses")
  void schemaUnknownTruncated() {
    CountingLogger log = new CountingLogger();
    ValueCodec codec = codec(log, "serializer=json");
    String good = json(codec.encode("k", member()));
    assertThat(codec.decode("k", payload(good.replace("0000000000000015", "0000000000000016")))).isNull();
    assertThat(log.messages).anyMatch(m -> m.contains("stored with schema 0000000000000016 of " + Member.class.getName()));
    CountingLogger other = new CountingLogger(); // the log says a reason at most once per 10 s per codec
    assertThat(codec(other, "serializer=json").decode("k", payload(good.replace(Member.class.getName(), "java.lang.Runtime"))))
        .isNull();
    assertThat(other.messages).anyMatch(m -> m.contains("no generated codec for java.lang.Runtime"));
    for (int n = 0; n < good.length(); n++) {
      assertThat(codec.decode("k", payload(good.substring(0, n)))).as("cut at " + n).isNull();
    }
  }
}
