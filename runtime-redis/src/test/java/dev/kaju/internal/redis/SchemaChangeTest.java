package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy that changes a cached record: two compilations of one application, the second with a
 * component added, run in turn as separate JVMs on one Redis. Each reads the other's entry as a
 * miss (logged, never an exception), calls its method and stores its own shape.
 */
@DisplayName("Schema fingerprint: two builds of one record in two JVMs on one Redis")
class SchemaChangeTest {
  @TempDir Path dir;
  private RedisServer server;

  @BeforeEach
  void start() {
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Compiles the application with {@code record} as its {@code Profile}, the processor running as in a user's build. */
  private Path build(String name, String record, String made) throws IOException {
    Path src = dir.resolve(name + "-src/schema");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Profile.java"), "package schema;\npublic " + record + "\n");
    Files.writeString(src.resolve("Profiles.java"), String.join("\n",
        "package schema;",
        "import dev.kaju.annotation.Cached;",
        "public interface Profiles {",
        "  @Cached(ttl = \"1h\", key = \"profile:{id}\")",
        "  Profile get(String id);",
        "}"));
    Files.writeString(src.resolve("Main.java"), String.join("\n",
        "package schema;",
        "import dev.kaju.Cache;",
        "public final class Main {",
        "  public static void main(String[] args) {",
        "    int[] calls = {0};",
        "    try (Cache cache = Cache.create().setup(args[0])) {",
        "      Profiles profiles = new ProfilesCached(id -> { calls[0]++; return " + made + "; }, cache);",
        "      Profile got = profiles.get(\"1\");",
        "      System.out.println(\"calls=\" + calls[0] + \" \" + got);",
        "    }",
        "  }",
        "}"));
    Path out = dir.resolve(name);
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc = javac.run(null, null, errors,
        "--release", "17",
        "-classpath", System.getProperty("java.class.path"),
        "-d", out.toString(),
        "-s", out.toString(),
        src.resolve("Profile.java").toString(), src.resolve("Profiles.java").toString(), src.resolve("Main.java").toString());
    assertThat(rc).as("javac: " + errors.toString(StandardCharsets.UTF_8)).isZero();
    return out;
  }

  /** Runs one build's {@code Main} in a JVM of its own; its output line, and what it logged. */
  private String[] run(Path build) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-cp", build + java.io.File.pathSeparator + System.getProperty("java.class.path"),
        "schema.Main", server.url()));
    Process p = new ProcessBuilder(command).start();
    byte[] out;
    byte[] err;
    try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
      out = o.readAllBytes();
      err = e.readAllBytes();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isZero();
    return new String[] {new String(out, StandardCharsets.UTF_8).trim(), stderr};
  }

  @Test
  @DisplayName("adding a component: the new build reads a miss and stores its own shape; the old one then does the same")
  void componentAdded() throws Exception {
    Path v1 = build("v1", "record Profile(String name) {}", "new Profile(\"ann\")");
    Path v2 = build("v2", "record Profile(String name, int age) {}", "new Profile(\"ann\", 42)");

    assertThat(run(v1)[0]).isEqualTo("calls=1 Profile[name=ann]");
    assertThat(run(v1)[0]).as("its own entry: a hit").isEqualTo("calls=0 Profile[name=ann]");

    String[] changed = run(v2);
    assertThat(changed[0]).as("v1's entry under v2: a miss, never an exception").isEqualTo("calls=1 Profile[name=ann, age=42]");
    assertThat(changed[1]).contains("schema", "schema.Profile", "the type changed since the value was stored");
    assertThat(run(v2)[0]).isEqualTo("calls=0 Profile[name=ann, age=42]");

    assertThat(run(v1)[0]).as("and back: v2's entry under v1 is a miss too").isEqualTo("calls=1 Profile[name=ann]");
  }

  @Test
  @DisplayName("renaming or retyping a component is a new shape too; an identical rebuild reads the old entries")
  void renamedRetypedRebuilt() throws Exception {
    Path v1 = build("v1", "record Profile(String name, int age) {}", "new Profile(\"ann\", 1)");
    Path same = build("same", "record Profile(String name, int age) {}", "new Profile(\"bob\", 2)");
    Path renamed = build("renamed", "record Profile(String name, int years) {}", "new Profile(\"cy\", 3)");
    Path retyped = build("retyped", "record Profile(String name, long age) {}", "new Profile(\"di\", 4L)");

    assertThat(run(v1)[0]).isEqualTo("calls=1 Profile[name=ann, age=1]");
    assertThat(run(same)[0]).as("same structure, same fingerprint").isEqualTo("calls=0 Profile[name=ann, age=1]");
    assertThat(run(renamed)[0]).isEqualTo("calls=1 Profile[name=cy, years=3]");
    assertThat(run(retyped)[0]).isEqualTo("calls=1 Profile[name=di, age=4]");
  }
}
