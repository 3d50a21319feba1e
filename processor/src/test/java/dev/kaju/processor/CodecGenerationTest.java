package dev.kaju.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code <Interface>Codecs}: which types get a codec, that the generated code compiles without
 * warnings for every shape of type, the warning for a type Kaju cannot write, and the fingerprint.
 */
@DisplayName("Generated codecs")
class CodecGenerationTest {

  private static JavaFileObject values(String... members) {
    String[] lines = new String[members.length + 12];
    int i = 0;
    lines[i++] = "package test;";
    lines[i++] = "import dev.kaju.annotation.*;";
    lines[i++] = "import java.util.*;";
    lines[i++] = "import java.util.concurrent.CompletionStage;";
    lines[i++] = "@Cached(ttl = \"1h\")";
    lines[i++] = "public interface Values {";
    for (String m : members) {
      lines[i++] = "  " + m;
    }
    lines[i++] = "}";
    while (i < lines.length) {
      lines[i++] = "";
    }
    return Sources.source("test.Values", lines);
  }

  private static long fingerprint(Compilation c, String codec) {
    Matcher m = Pattern.compile("class " + codec + " .*?super\\([^,]+, 0x([0-9a-f]+)L\\)", Pattern.DOTALL)
        .matcher(Sources.generated(c, "test.ValuesCodecs"));
    assertThat(m.find()).as("codec " + codec + " in the generated source").isTrue();
    return Long.parseUnsignedLong(m.group(1), 16);
  }

  @Test
  @DisplayName("records, enums, sealed types, generics, wildcards, arrays and nested collections compile without a warning")
  void everyShapeCompiles() {
    Compilation c = Sources.compile(values(
        "enum Role { ADMIN, USER }",
        "record Address(String city, int zip) {}",
        "sealed interface Shape permits Circle, Square {}",
        "record Circle(double r) implements Shape {}",
        "record Square(double side, Optional<Shape> inner) implements Shape {}",
        "record Page<T extends Comparable<T>>(List<T> items, T first, Map<String, List<T>> byKey, int total) {}",
        "record User(long id, List<? extends Role> roles, Set<Role> more, Map<Role, List<Address>> addresses,",
        "    Address[] old, int[][] grid, byte[] photo, Optional<Page<String>> page, Object anything, Collection<Shape> shapes) {}",
        "@Cached User user(long id);",
        "@Cached List<Map<String, Page<String>>> pages();",
        "@Cached Shape shape();",
        "@Cached Role[] roles();",
        "@Cached CompletionStage<Address> address();",
        "@Cached long count();",
        "@Cached String name();"));
    assertThat(c).succeededWithoutWarnings();
    String codecs = Sources.generated(c, "test.ValuesCodecs");
    assertThat(codecs).contains("class Values_UserCodec extends GeneratedCodec<Values.User>",
        "class Values_ShapeCodec extends GeneratedCodec<Values.Shape>", "class Values_RoleArrayCodec",
        "class Values_PageCodec extends GeneratedCodec<Values.Page>");
    assertThat(Sources.generated(c, "test.ValuesCached")).contains("ValuesCodecs.register();");
  }

  @Test
  @DisplayName("a method storing only types the binary format knows gets no codecs class")
  void noCodecsNeeded() {
    Compilation c = Sources.compile(values(
        "@Cached String name();",
        "@Cached List<Map<String, java.time.Instant>> times();",
        "@Cached java.math.BigDecimal price();"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedSourceFile("test.ValuesCodecs")).isEmpty();
    assertThat(Sources.generated(c, "test.ValuesCached")).doesNotContain("Codecs");
  }

  @Test
  @DisplayName("a stored type that is no record, enum or sealed type is a warning on the method naming it and the ways out")
  void opaqueType() {
    Compilation c = Sources.compile(values(
        "class Opaque { }",
        "record Holder(String name, Opaque inside) {}",
        "@Cached Opaque opaque();",
        "@Cached Holder holder();"));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(
        "opaque() stores a test.Values.Opaque, which Kaju cannot write a codec for (it is not a record, an enum or a"
            + " sealed interface of those, or generated code cannot reach it): on redis:// and disk:// storing it fails"
            + " unless you make it a record, register a codec with Codecs.register(Opaque.class, encoder, decoder), or"
            + " set serializer=java with java_allow; mem:// stores it as is");
    assertThat(c).hadWarningContaining("holder() stores a test.Values.Opaque");
    assertThat(c).hadWarningCount(2);
  }

  @Test
  @DisplayName("a sealed type with a subtype that is not a record or enum is a warning naming that subtype")
  void sealedWithClass() {
    Compilation c = Sources.compile(values(
        "sealed interface Event permits Click, Legacy {}",
        "record Click(int x) implements Event {}",
        "final class Legacy implements Event {}",
        "@Cached Event event();"));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("event() stores a test.Values.Legacy");
  }

  @Test
  @DisplayName("an array of a type variable is a warning: no codec can make one")
  void genericArray() {
    Compilation c = Sources.compile(values(
        "record Box<T>(T[] items) {}",
        "@Cached Box<String> box();"));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("box() stores a T[]");
  }

  @Test
  @DisplayName("the fingerprint is stable for one structure and changes with a component added, renamed or retyped, or an enum constant added")
  void fingerprints() {
    String user = "@Cached User user();";
    long base = fingerprint(Sources.compile(values("record User(long id, String name) {}", user)), "Values_UserCodec");
    assertThat(fingerprint(Sources.compile(values("record User(long id, String name) {}", user)), "Values_UserCodec"))
        .isEqualTo(base);
    assertThat(fingerprint(Sources.compile(values("record User(long id, String name, int age) {}", user)), "Values_UserCodec"))
        .isNotEqualTo(base);
    assertThat(fingerprint(Sources.compile(values("record User(long id, String fullName) {}", user)), "Values_UserCodec"))
        .isNotEqualTo(base);
    assertThat(fingerprint(Sources.compile(values("record User(int id, String name) {}", user)), "Values_UserCodec"))
        .isNotEqualTo(base);

    String nested = "record User(long id, Role role) {}";
    long withTwo = fingerprint(Sources.compile(values("enum Role { A, B }", nested, user)), "Values_UserCodec");
    long withThree = fingerprint(Sources.compile(values("enum Role { A, B, C }", nested, user)), "Values_UserCodec");
    assertThat(withThree).as("a nested type's change changes the outer fingerprint").isNotEqualTo(withTwo);
  }
}
