package dev.kaju.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.kaju.contract.NativeReadinessContract.Allowed;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readiness checks fail where they should: each on a small class or file that breaks it. */
class NativeReadinessContractTest {

  static final class ForName {
    Class<?> load(String name) throws ClassNotFoundException {
      return Class.forName(name);
    }
  }

  static final class DeclaredMethods {
    int count(Object o) {
      return o.getClass().getDeclaredMethods().length;
    }
  }

  static final class LoadClass {
    Class<?> load(String name) throws ClassNotFoundException {
      return getClass().getClassLoader().loadClass(name);
    }
  }

  static final class Lookup {
    Object find(Class<?> type) throws ReflectiveOperationException {
      return MethodHandles.lookup().findConstructor(type, java.lang.invoke.MethodType.methodType(void.class));
    }
  }

  static final class Proxies {
    Object proxy() {
      return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class}, (p, m, a) -> null);
    }
  }

  static final class ByteView {
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  }

  static final class LoadsThings {
    Iterable<Runnable> services() {
      return ServiceLoader.load(Runnable.class, LoadsThings.class.getClassLoader());
    }

    InputStream resource() {
      return LoadsThings.class.getResourceAsStream("/kaju-fixture.txt");
    }
  }

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  @Test
  @DisplayName("the rule fails on Class.forName, getDeclaredMethods, loadClass, a Lookup, a Proxy; and names the line")
  void ruleFails() {
    for (Class<?> bad : List.of(ForName.class, DeclaredMethods.class, LoadClass.class, Lookup.class, Proxies.class)) {
      assertThatThrownBy(() -> NativeReadinessContract.rule(List.of()).check(classes(bad)))
          .as(bad.getSimpleName())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(bad.getName())
          .hasMessageContaining("NativeReadinessContractTest.java:");
    }
  }

  @Test
  @DisplayName("the rule forbids every MethodHandles call unless allowed by name, with its reason")
  void ruleAllows() {
    assertThatThrownBy(() -> NativeReadinessContract.rule(List.of()).check(classes(ByteView.class)))
        .hasMessageContaining("byteArrayViewVarHandle");
    NativeReadinessContract.rule(List.of(new Allowed(ByteView.class.getName(),
            "java.lang.invoke.MethodHandles.byteArrayViewVarHandle", "a test")))
        .check(classes(ByteView.class));
    NativeReadinessContract.rule(List.of(new Allowed(ForName.class.getName(), "java.lang.Class.forName", "a test")))
        .check(classes(ForName.class));
    assertThatThrownBy(() -> new Allowed("a", "b", " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a service file added without metadata is reported")
  void serviceFileWithoutMetadata(@TempDir Path root) throws Exception {
    Path services = Files.createDirectories(root.resolve("META-INF/services"));
    Files.writeString(services.resolve("dev.kaju.spi.BackendFactory"), "x.Y\n");
    Files.writeString(services.resolve("com.example.Extra"), "x.Z\n");
    List<Pattern> includes = NativeReadinessContract.resourceIncludes(
        "{\"resources\":{\"includes\":[{\"pattern\":\"\\\\QMETA-INF/services/dev.kaju.spi.BackendFactory\\\\E\"}]},"
            + "\"bundles\":[]}");
    assertThat(NativeReadinessContract.unlisted(NativeReadinessContract.serviceFiles(root), includes))
        .containsExactly("META-INF/services/com.example.Extra");
  }

  @Test
  @DisplayName("ServiceLoader.load and getResourceAsStream calls are found in the bytecode")
  void loadsFound() {
    assertThat(NativeReadinessContract.loadedServices(classes(LoadsThings.class)))
        .containsExactly("META-INF/services/java.lang.Runnable");
    assertThat(NativeReadinessContract.resourceCalls(classes(LoadsThings.class)))
        .containsOnlyKeys(LoadsThings.class.getName() + ".resource");
  }
}
