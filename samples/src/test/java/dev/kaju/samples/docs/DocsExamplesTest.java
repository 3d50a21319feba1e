package dev.kaju.samples.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kaju.samples.docs.MarkdownDocs.Block;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.xml.sax.InputSource;

/**
 * Every ```java block of {@code README.md} and {@code docs/*.md} compiles, with Kaju's annotation
 * processor running, against the samples module's test class path; every ```xml block is
 * well-formed. Each block is one dynamic test named {@code file:line} (its first code line).
 *
 * <p>How a ```java block is compiled, by its first code line (comments skipped):
 *
 * <ul>
 *   <li>{@code package}, {@code import} or a type declaration ({@code class}, {@code interface},
 *       {@code record}, {@code enum}, after any annotations and modifiers): a <b>compilation
 *       unit</b>, compiled as written, in a package of its own unless it names one;
 *   <li>{@code import} lines followed by statements: those imports, then a <b>body</b> (below);
 *   <li>an annotation not followed by a type declaration: <b>interface members</b> (annotated
 *       abstract methods), compiled as the body of an interface;
 *   <li>{@code module}: a <b>module declaration</b>, compiled alone, with the class path's
 *       explicit modules ({@code kaju-runtime} among them) on the module path;
 *   <li>anything else: a <b>body</b>, statements compiled as the body of a method that may throw
 *       {@code Exception}, in a class extending {@link DocsFixtures}, whose fields ({@code cache},
 *       {@code user}, ...) and nested types ({@code User}, {@code Order}, ...) stand for the
 *       reader's own.
 * </ul>
 *
 * <p>Every block also gets these on-demand imports, which the docs never repeat:
 * {@value #DEFAULT_IMPORTS_TEXT}.
 *
 * <p>A comment on the line before the fence, {@code <!-- docs: ... -->}, may say more
 * (comma-separated):
 *
 * <ul>
 *   <li>{@code with-previous}: compile together with the page's previous ```java block, in its
 *       package, so this block sees what that one declares (and what the processor generated
 *       from it); after an {@code excerpt} block, in the excerpt's package;
 *   <li>{@code members}: interface members, where the first line does not tell;
 *   <li>{@code generated Name}: not compiled but an excerpt of the source the processor generated
 *       for the page's previous ```java block, {@code NameCached.java}; it must appear there
 *       as written (whitespace aside);
 *   <li>{@code excerpt path/in/the/repository}: not compiled but an excerpt of that file: its
 *       non-blank lines must appear there in the same order.
 * </ul>
 *
 * <p>No other escape: a block that cannot compile is changed to real code. Blocks in other
 * languages (sh, xml, groovy, kotlin, properties, plain text) are not compiled.
 */
class DocsExamplesTest {

  static final String DEFAULT_IMPORTS_TEXT = "dev.kaju.*, dev.kaju.annotation.*, java.io.*, "
      + "java.time.*, java.util.*, java.util.concurrent.*, java.util.function.*, "
      + "java.util.stream.*, the static StandardCharsets.UTF_8, and DocsFixtures' nested types";

  private static final List<String> DEFAULT_IMPORTS = List.of(
      "import dev.kaju.*;",
      "import dev.kaju.annotation.*;",
      "import java.io.*;",
      "import java.time.*;",
      "import java.util.*;",
      "import java.util.concurrent.*;",
      "import java.util.function.*;",
      "import java.util.stream.*;",
      "import static java.nio.charset.StandardCharsets.UTF_8;",
      "import dev.kaju.samples.docs.DocsFixtures.*;");

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "^((public|protected|private|abstract|static|final|sealed|non-sealed|strictfp)\\s+)*"
          + "(class|interface|record|enum|@interface)\\s+(\\w+)");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public\\s+((abstract|final|sealed|non-sealed|strictfp)\\s+)*"
          + "(class|interface|record|enum|@interface)\\s+(\\w+)");

  enum Kind { UNIT, BODY, MEMBERS, MODULE, GENERATED, EXCERPT }

  /** A source handed to javac, and how its lines map back to the block's. */
  record Source(Block block, String typeName, String packageName, String text, int prepended) {}

  /** What compiling a block (and what it is compiled with) produced. */
  record Compiled(List<Source> sources, List<Diagnostic<? extends JavaFileObject>> diagnostics,
      Path classes, Path generated, String packageName) {
    boolean ok() {
      return diagnostics.stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
  }

  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
  private static StandardJavaFileManager files;
  private static final Map<Block, Compiled> COMPILED = new HashMap<>();

  @AfterAll
  static void closeFileManager() throws IOException {
    if (files != null) {
      files.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : MarkdownDocs.files()) {
      List<Block> blocks = MarkdownDocs.blocks(file);
      for (int i = 0; i < blocks.size(); i++) {
        Block block = blocks.get(i);
        if (!block.language().equals("java")) {
          continue;
        }
        List<Block> before = blocks.subList(0, i);
        tests.add(DynamicTest.dynamicTest(block.where(), () -> check(block, before)));
      }
    }
    assertFalse(tests.isEmpty(), "no ```java block in README.md or docs/*.md");
    System.out.println("DocsExamplesTest: " + tests.size() + " ```java blocks");
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyXmlBlockIsWellFormed() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : MarkdownDocs.files()) {
      for (Block block : MarkdownDocs.blocks(file)) {
        if (block.language().equals("xml")) {
          tests.add(DynamicTest.dynamicTest(block.where(), () -> wellFormed(block)));
        }
      }
    }
    return tests.stream();
  }

  private static void wellFormed(Block block) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      // a POM fragment may have several top-level elements: parse it inside one
      builder.parse(new InputSource(new StringReader("<fragment>" + block.code() + "</fragment>")));
    } catch (Exception e) {
      fail(block.where() + ": the ```xml block is not well-formed XML: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void check(Block block, List<Block> before) {
    switch (kind(block)) {
      case EXCERPT -> checkExcerpt(block);
      case GENERATED -> checkGenerated(block, before);
      default -> {
        Compiled compiled = compile(block, before);
        if (!compiled.ok()) {
          fail(report(block, compiled));
        }
      }
    }
  }

  static Kind kind(Block block) {
    if (block.has("excerpt")) {
      return Kind.EXCERPT;
    }
    if (block.has("generated")) {
      return Kind.GENERATED;
    }
    if (block.has("members")) {
      return Kind.MEMBERS;
    }
    String code = skipComments(block.code());
    if (code.startsWith("module ") || code.startsWith("open module ")) {
      return Kind.MODULE;
    }
    String rest = skipImports(code);
    if (code.startsWith("package ")) {
      return Kind.UNIT;
    }
    String afterAnnotations = skipAnnotations(rest);
    if (TYPE_DECLARATION.matcher(afterAnnotations).find()) {
      return Kind.UNIT;
    }
    if (!afterAnnotations.equals(rest)) {
      return Kind.MEMBERS;
    }
    return Kind.BODY;
  }

  private static Compiled compile(Block block, List<Block> before) {
    Compiled done = COMPILED.get(block);
    if (done != null) {
      return done;
    }
    String slug = MarkdownDocs.relative(block.file()).replaceAll("\\.md$", "")
        .replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
    String ownPackage = "docs." + slug + ".l" + block.line();
    List<Source> sources = new ArrayList<>();
    List<Path> classPath = new ArrayList<>();
    String packageName = ownPackage;
    if (block.has("with-previous")) {
      Block previous = previousJava(block, before);
      if (kind(previous) == Kind.EXCERPT) {
        packageName = packageOf(read(excerptFile(previous)));
      } else {
        Compiled earlier = compile(previous, before.subList(0, before.indexOf(previous)));
        if (!earlier.ok()) {
          return new Compiled(earlier.sources(), earlier.diagnostics(), earlier.classes(),
              earlier.generated(), earlier.packageName());
        }
        sources.addAll(earlier.sources());
        packageName = earlier.packageName();
      }
    }
    Kind kind = kind(block);
    String code = block.code();
    String typeName = "Snippet_L" + block.line();
    switch (kind) {
      case UNIT -> {
        Matcher pkg = PACKAGE.matcher(code);
        String header;
        int packageEnd;
        if (pkg.find() && code.substring(0, pkg.start()).isBlank()) {
          packageName = pkg.group(1);
          header = "";
          packageEnd = pkg.end();
        } else {
          header = "package " + packageName + ";";
          packageEnd = 0;
        }
        Matcher pub = PUBLIC_TYPE.matcher(code);
        if (pub.find()) {
          typeName = pub.group(4);
        }
        // the default imports go on the package line (or a line of their own before the block),
        // so the block's own lines keep their numbers
        String imports = String.join(" ", DEFAULT_IMPORTS);
        String text;
        int prepended;
        if (packageEnd > 0) {
          text = code.substring(0, packageEnd) + " " + imports + code.substring(packageEnd);
          prepended = 0;
        } else {
          text = header + " " + imports + "\n" + code;
          prepended = 1;
        }
        sources.add(new Source(block, typeName, packageName, text, prepended));
      }
      case BODY, MEMBERS -> {
        List<String> lines = List.of(code.split("\n", -1));
        int importLines = 0;
        while (importLines < lines.size() && (lines.get(importLines).startsWith("import ")
            || (lines.get(importLines).isBlank() && importLines + 1 < lines.size()
                && lines.get(importLines + 1).startsWith("import ")))) {
          importLines++;
        }
        // the wrapper's opening goes on the line of the last import (or the package line), so
        // that line n of the block is line n + 1 of the source
        String opening = kind == Kind.BODY
            ? "class " + typeName + " extends " + DocsFixtures.class.getName()
                + " { void run() throws Exception {"
            : "interface " + typeName + " {";
        StringBuilder text = new StringBuilder();
        text.append("package ").append(packageName).append("; ")
            .append(String.join(" ", DEFAULT_IMPORTS));
        if (importLines == 0) {
          text.append(' ').append(opening);
        }
        text.append('\n');
        for (int i = 0; i < importLines; i++) {
          text.append(lines.get(i));
          if (i == importLines - 1) {
            text.append(' ').append(opening);
          }
          text.append('\n');
        }
        for (int i = importLines; i < lines.size(); i++) {
          text.append(lines.get(i)).append('\n');
        }
        text.append(kind == Kind.BODY ? "}}\n" : "}\n");
        sources.add(new Source(block, typeName, packageName, text.toString(), 1));
      }
      case MODULE -> sources.add(new Source(block, "module-info", "", code, 0));
      default -> throw new AssertionError(kind);
    }
    Compiled compiled = javac(block, sources, classPath, packageName, kind == Kind.MODULE);
    COMPILED.put(block, compiled);
    return compiled;
  }

  private static Compiled javac(Block block, List<Source> sources, List<Path> extraClassPath,
      String packageName, boolean module) {
    Path dir = MarkdownDocs.root().resolve("samples/target/docs-examples")
        .resolve(block.relative().replaceAll("[^A-Za-z0-9]+", "_") + "_L" + block.line());
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("generated");
    try {
      deleteRecursively(dir);
      Files.createDirectories(classes);
      Files.createDirectories(generated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String classPath = System.getProperty("java.class.path");
    List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-s",
        generated.toString(), "-encoding", "UTF-8", "--release", "17", "-Xlint:none"));
    if (module) {
      options.addAll(List.of("--module-path", explicitModules(classPath), "-proc:none"));
    } else {
      String cp = Stream.concat(extraClassPath.stream().map(Path::toString),
          Stream.of(classPath)).collect(Collectors.joining(java.io.File.pathSeparator));
      options.addAll(List.of("-classpath", cp, "-processor", "dev.kaju.processor.KajuProcessor"));
    }
    List<JavaFileObject> units = new ArrayList<>();
    for (Source source : sources) {
      units.add(new SimpleJavaFileObject(java.net.URI.create("string:///"
          + (source.packageName().isEmpty() ? "" : source.packageName().replace('.', '/') + "/")
          + source.typeName() + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source.text();
        }
      });
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok;
    try {
      ok = JAVAC.getTask(null, fileManager(), diagnostics, options, null, units).call();
    } catch (RuntimeException e) {
      fail(block.where() + ": javac or the processor crashed on the block", e);
      throw e;
    }
    List<Diagnostic<? extends JavaFileObject>> all = new ArrayList<>(diagnostics.getDiagnostics());
    if (!ok && all.stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
      fail(block.where() + ": javac failed without an error: " + all);
    }
    return new Compiled(sources, all, classes, generated, packageName);
  }

  private static synchronized StandardJavaFileManager fileManager() {
    if (files == null) {
      files = JAVAC.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }
    return files;
  }

  /** The class path's entries that are explicit modules (a module-info.class at their root). */
  private static String explicitModules(String classPath) {
    List<String> modules = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("module-info.class"))) {
        modules.add(entry);
      } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(path.toFile())) {
          if (jar.getEntry("module-info.class") != null) {
            modules.add(entry);
          }
        } catch (IOException e) {
          // not a readable jar: not a module either
        }
      }
    }
    return String.join(java.io.File.pathSeparator, modules);
  }

  private static String report(Block block, Compiled compiled) {
    StringBuilder out = new StringBuilder(block.where()
        + ": the ```java block does not compile (" + kind(block) + ", see DocsExamplesTest's"
        + " Javadoc for how blocks are compiled):");
    for (Diagnostic<? extends JavaFileObject> d : compiled.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      out.append("\n  ").append(locate(d, compiled)).append(": ")
          .append(d.getMessage(Locale.ROOT).replace("\n", "\n    "));
      if ("compiler.err.doesnt.exist".equals(d.getCode())
          || "compiler.err.module.not.found".equals(d.getCode())) {
        out.append("\n    (class path: the example needs an artifact that is not on the samples"
            + " module's test class path; add it to samples/pom.xml as a test dependency)");
      }
    }
    return out.toString();
  }

  private static String locate(Diagnostic<? extends JavaFileObject> d, Compiled compiled) {
    if (d.getSource() == null) {
      return "javac";
    }
    String uri = d.getSource().toUri().toString();
    for (Source source : compiled.sources()) {
      String name = "/" + source.typeName() + ".java";
      if (uri.startsWith("string:") && uri.endsWith(name)) {
        long blockLine = d.getLineNumber() - source.prepended();
        if (blockLine < 1) {
          return source.block().where() + " (the imports or wrapper added around the block)";
        }
        return source.block().relative() + ":" + (source.block().line() + blockLine - 1);
      }
    }
    return uri + ":" + d.getLineNumber() + " (generated)";
  }

  private static void checkExcerpt(Block block) {
    Path file = excerptFile(block);
    List<String> wanted = nonBlankTrimmed(block.code());
    List<String> have = nonBlankTrimmed(read(file));
    int at = 0;
    for (String line : wanted) {
      while (at < have.size() && !have.get(at).equals(line)) {
        at++;
      }
      if (at == have.size()) {
        fail(block.where() + ": the excerpt of " + block.argument("excerpt")
            + " has a line that is not there (in this order): " + line);
      }
      at++;
    }
  }

  private static void checkGenerated(Block block, List<Block> before) {
    String type = block.argument("generated");
    Block previous = previousJava(block, before);
    Compiled compiled = compile(previous, before.subList(0, before.indexOf(previous)));
    if (!compiled.ok()) {
      fail(block.where() + ": the block it shows the generated code of does not compile:\n"
          + report(previous, compiled));
    }
    Optional<Path> source;
    try (Stream<Path> walk = Files.walk(compiled.generated())) {
      source = walk.filter(p -> p.getFileName().toString().equals(type + "Cached.java")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (source.isEmpty()) {
      fail(block.where() + ": the processor generated no " + type + "Cached.java from "
          + previous.where());
    }
    String generated = normalize(read(source.get()));
    String shown = normalize(block.code());
    if (!generated.contains(shown)) {
      fail(block.where() + ": the block is not what the processor generates in " + type
          + "Cached.java from " + previous.where() + ", which is:\n" + read(source.get()));
    }
  }

  private static Block previousJava(Block block, List<Block> before) {
    for (int i = before.size() - 1; i >= 0; i--) {
      if (before.get(i).language().equals("java")) {
        return before.get(i);
      }
    }
    fail(block.where() + ": 'with-previous' or 'generated' but no ```java block before it");
    throw new AssertionError();
  }

  private static Path excerptFile(Block block) {
    String path = block.argument("excerpt");
    Path root = MarkdownDocs.root();
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      fail(block.where() + ": excerpt of a file that is not in the repository: " + path);
    }
    return file;
  }

  // ---------------------------------------------------------------------------------------------

  private static String skipComments(String code) {
    String s = code.strip();
    while (true) {
      if (s.startsWith("//")) {
        int nl = s.indexOf('\n');
        s = nl < 0 ? "" : s.substring(nl + 1).strip();
      } else if (s.startsWith("/*")) {
        int end = s.indexOf("*/");
        s = end < 0 ? "" : s.substring(end + 2).strip();
      } else {
        return s;
      }
    }
  }

  private static String skipImports(String code) {
    String s = code;
    while (s.startsWith("import ") || s.startsWith("package ")) {
      int semi = s.indexOf(';');
      s = skipComments(s.substring(semi + 1));
    }
    return s;
  }

  /** {@code code} after its leading annotations (arguments in balanced parentheses). */
  private static String skipAnnotations(String code) {
    String s = code;
    while (s.startsWith("@") && !s.startsWith("@interface")) {
      int i = 1;
      while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '(') {
        int depth = 0;
        boolean string = false;
        for (; i < s.length(); i++) {
          char c = s.charAt(i);
          if (string) {
            if (c == '\\') {
              i++;
            } else if (c == '"') {
              string = false;
            }
          } else if (c == '"') {
            string = true;
          } else if (c == '(') {
            depth++;
          } else if (c == ')' && --depth == 0) {
            i++;
            break;
          }
        }
      }
      s = skipComments(s.substring(i));
    }
    return s;
  }

  private static String packageOf(String source) {
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) : "";
  }

  private static List<String> nonBlankTrimmed(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
