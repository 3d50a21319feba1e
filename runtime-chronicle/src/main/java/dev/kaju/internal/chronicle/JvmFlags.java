package dev.kaju.internal.chronicle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --add-opens}/{@code --add-exports} flags Chronicle Map needs on Java 17+, checked
 * before any Chronicle class is initialised: without them Chronicle fails deep inside with an
 * {@code IllegalAccessError} or {@code InaccessibleObjectException} that does not say what to do.
 */
final class JvmFlags {
  /**
   * {module, package, "opens" or "exports"}: each one found needed by starting Chronicle Map
   * 3.26 on Java 17 without it (it fails to start, or warns and cannot unmap buffers for {@code
   * jdk.internal.ref}). Chronicle compiles a class at run time, hence {@code jdk.compiler}.
   */
  static final String[][] REQUIRED = {
    {"java.base", "java.lang", "opens"},
    {"java.base", "java.lang.reflect", "opens"},
    {"java.base", "jdk.internal.ref", "exports"},
    {"java.base", "sun.nio.ch", "exports"},
    {"jdk.compiler", "com.sun.tools.javac.file", "exports"},
  };

  private JvmFlags() {}

  /** The flags, as they go on a {@code java} command line, for a class in the unnamed module. */
  static List<String> all() {
    List<String> flags = new ArrayList<>();
    for (String[] f : REQUIRED) {
      flags.add(flag(f, "ALL-UNNAMED"));
    }
    return flags;
  }

  private static String flag(String[] f, String target) {
    return "--add-" + f[2] + "=" + f[0] + "/" + f[1] + "=" + target;
  }

  /**
   * Fails, listing every missing flag, when the JVM does not give Chronicle (in {@code chronicle})
   * what it needs.
   */
  static void check(Module chronicle) {
    String target = chronicle.isNamed() ? chronicle.getName() : "ALL-UNNAMED";
    List<String> missing = new ArrayList<>();
    for (String[] f : REQUIRED) {
      Optional<Module> module = ModuleLayer.boot().findModule(f[0]);
      if (module.isEmpty()) {
        // a runtime image without the module (jdk.compiler in a jlink image): no flag can help
        continue;
      }
      Module m = module.get();
      boolean ok = f[2].equals("opens") ? m.isOpen(f[1], chronicle) : m.isExported(f[1], chronicle);
      if (!ok) {
        missing.add(flag(f, target));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "disk:// (Chronicle Map) needs these JVM flags on Java 17+, and " + missing.size()
              + " are missing: " + String.join(" ", missing)
              + "; add them to the java command line (or to Surefire's argLine, exec's jvmArgs, "
              + "JDK_JAVA_OPTIONS)");
    }
  }
}
