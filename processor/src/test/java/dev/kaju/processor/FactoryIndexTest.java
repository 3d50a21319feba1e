package dev.kaju.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.kaju.Cache;
import dev.kaju.support.CachedFactory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code META-INF/services/dev.kaju.support.CachedFactory}: every generated {@code *Cached.Factory}
 * is listed, across rounds and incremental compilations, and each wraps a delegate without
 * reflection.
 */
@DisplayName("The index of generated factories")
class FactoryIndexTest {
  private static final String INDEX = "META-INF/services/dev.kaju.support.CachedFactory";

  private static final JavaFileObject GREETER = Sources.source("test.Greeter",
      "package test;",
      "import dev.kaju.annotation.Cached;",
      "public interface Greeter {",
      "  @Cached(ttl = \"1h\") String greet(String name);",
      "}");

  /** Package-private, generic, and with a member type named like the generated factory. */
  private static final JavaFileObject REPO = Sources.source("test.Repo",
      "package test;",
      "import dev.kaju.annotation.Cached;",
      "@Cached(ttl = \"1h\")",
      "interface Repo<T extends Comparable<T>> {",
      "  interface Factory { Repo<String> make(); }",
      "  T find(String id);",
      "  Factory factory();",
      "}");

  /** A nested interface: its class is {@code Outer_InnerCached}. */
  private static final JavaFileObject OUTER = Sources.source("test.Outer",
      "package test;",
      "import dev.kaju.annotation.Cached;",
      "public final class Outer {",
      "  public interface Inner { @Cached(ttl = \"1m\") int size(String of); }",
      "}");

  @Test
  @DisplayName("lists the factory of every generated class, sorted, and compiles without a warning")
  void listsEveryFactory() throws IOException {
    Compilation c = Sources.compile(GREETER, REPO, OUTER);
    assertThat(c).succeededWithoutWarnings();
    assertThat(listed(c)).containsExactly(
        "test.GreeterCached$Factory", "test.Outer_InnerCached$Factory", "test.RepoCached$Factory");
    assertThat(Sources.generated(c, "test.RepoCached"))
        .contains("public static final class Factory implements CachedFactory<Repo<?>>")
        .contains("public Repo<?> wrap(Repo<?> delegate, Cache cache) {")
        .contains("return new RepoCached<>(delegate, cache);")
        .contains("Repo.Factory factory()");
  }

  @Test
  @DisplayName("ServiceLoader finds the factories, and each wraps a delegate in its *Cached class")
  void factoriesWrap(@TempDir Path classes) throws Exception {
    Compilation c = Sources.compile(GREETER, REPO, OUTER);
    assertThat(c).succeeded();
    for (JavaFileObject file : c.generatedFiles()) {
      String path = file.toUri().getPath();
      if (path.startsWith("/CLASS_OUTPUT/")) {
        Path target = classes.resolve(path.substring("/CLASS_OUTPUT/".length()));
        Files.createDirectories(target.getParent());
        try (var in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Cache cache = Cache.create().setup("mem://")) {
      Map<String, CachedFactory<?>> byType = new TreeMap<>();
      for (CachedFactory<?> factory : ServiceLoader.load(CachedFactory.class, loader)) {
        byType.put(factory.type().getName(), factory);
      }
      assertThat(byType).containsOnlyKeys("test.Greeter", "test.Outer$Inner", "test.Repo");

      @SuppressWarnings("unchecked")
      CachedFactory<Object> greeters = (CachedFactory<Object>) byType.get("test.Greeter");
      assertThat(greeters.cachedType().getName()).isEqualTo("test.GreeterCached");
      List<String> calls = new ArrayList<>();
      Object delegate = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {greeters.type()}, (proxy, method, args) -> {
        calls.add((String) args[0]);
        return "hello " + args[0];
      });
      Object wrapped = greeters.wrap(delegate, cache);
      assertThat(wrapped).isInstanceOf(greeters.cachedType()).isInstanceOf(greeters.type());
      var greet = greeters.type().getMethod("greet", String.class);
      assertThat(greet.invoke(wrapped, "ann")).isEqualTo("hello ann");
      assertThat(greet.invoke(wrapped, "ann")).isEqualTo("hello ann");
      assertThat(calls).containsExactly("ann");
    }
  }

  @Test
  @DisplayName("an interface generated by another processor in a later round is listed too")
  void aggregatesRounds() throws IOException {
    Compilation c = Compiler.javac()
        .withProcessors(new KajuProcessor(), new GeneratesInterface())
        .compile(GREETER);
    assertThat(c).succeededWithoutWarnings();
    assertThat(listed(c)).containsExactly("test.GreeterCached$Factory", "test.LateCached$Factory");
  }

  @Test
  @DisplayName("an interface without a strategy writes no index")
  void noIndexWithoutGeneratedClasses() {
    Compilation c = Sources.compile(Sources.source("test.Plain", "package test;", "public interface Plain { int size(); }"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, INDEX)).isEmpty();
  }

  @Test
  @DisplayName("an incremental compilation keeps the factories an earlier one listed, except those whose class is gone")
  void mergesAnEarlierIndex(@TempDir Path work) throws IOException {
    Path out = Files.createDirectories(work.resolve("classes"));
    Function<String, Path> source = name -> work.resolve(name.replace('.', '/') + ".java");
    write(source.apply("test.Greeter"), GREETER);
    write(source.apply("test.Outer"), OUTER);
    write(source.apply("test.Repo"), REPO);
    compile(out, source.apply("test.Greeter"), source.apply("test.Outer"));
    assertThat(Files.readAllLines(out.resolve(INDEX))).contains("test.GreeterCached$Factory", "test.Outer_InnerCached$Factory");

    // Outer was deleted, and the build removed its classes; Repo is new: only Repo is compiled
    try (var outer = Files.list(out.resolve("test"))) {
      for (Path p : outer.filter(p -> p.getFileName().toString().startsWith("Outer")).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
    compile(out, source.apply("test.Repo"));
    assertThat(Files.readAllLines(out.resolve(INDEX)).stream().filter(line -> !line.startsWith("#")))
        .containsExactly("test.GreeterCached$Factory", "test.RepoCached$Factory");
  }

  private static Set<String> listed(Compilation c) throws IOException {
    JavaFileObject index = c.generatedFile(StandardLocation.CLASS_OUTPUT, INDEX)
        .orElseThrow(() -> new AssertionError("no " + INDEX + " in " + c.generatedFiles()));
    return index.getCharContent(true).toString().lines()
        .filter(line -> !line.startsWith("#"))
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  private static void write(Path target, JavaFileObject source) throws IOException {
    Files.createDirectories(target.getParent());
    Files.writeString(target, source.getCharContent(true), StandardCharsets.UTF_8);
  }

  /** javac on files, as an IDE's incremental build runs it: the class output is also the class path. */
  private static void compile(Path out, Path... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of(
          "-d", out.toString(), "-implicit:class",
          "-classpath", System.getProperty("java.class.path") + File.pathSeparator + out);
      var task = javac.getTask(null, files, null, options, null, files.getJavaFileObjects(sources));
      task.setProcessors(List.of(new KajuProcessor()));
      assertThat(task.call()).as("javac on " + List.of(sources)).isTrue();
    }
  }

  /** Writes {@code test.Late}, an interface with {@code @Cached}, in the first round. */
  private static final class GeneratesInterface extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("test.Late").openWriter()) {
          w.write("package test;\npublic interface Late {\n  @dev.kaju.annotation.Cached(ttl = \"1h\") String late(String id);\n}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
