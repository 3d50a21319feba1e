package dev.kaju.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generated source of a sample interface, kept as an expected file so every change to
 * generated code shows in review. Rewrite it with {@code mvn -pl processor test -Dkaju.golden.update=true}.
 */
class GoldenTest {

  @Test
  @DisplayName("UserServiceCached.java is exactly the expected file")
  void userService() throws IOException {
    Compilation compilation = Sources.compile(Sources.resource("com/example/UserService.java"));
    assertThat(compilation).succeededWithoutWarnings();
    String actual = Sources.generated(compilation, "com.example.UserServiceCached");
    Path golden = Path.of(System.getProperty("kaju.golden.dir", "src/test/resources/golden"), "UserServiceCached.java");
    if (Boolean.getBoolean("kaju.golden.update") || !Files.exists(golden)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("UserServiceCodecs.java, the codecs of its records and enums, is exactly the expected file")
  void userServiceCodecs() throws IOException {
    Compilation compilation = Sources.compile(Sources.resource("com/example/UserService.java"));
    String actual = Sources.generated(compilation, "com.example.UserServiceCodecs");
    Path golden = Path.of(System.getProperty("kaju.golden.dir", "src/test/resources/golden"), "UserServiceCodecs.java");
    if (Boolean.getBoolean("kaju.golden.update") || !Files.exists(golden)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
