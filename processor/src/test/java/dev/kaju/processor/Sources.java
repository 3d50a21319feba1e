package dev.kaju.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;

/** Test helpers: compile sources with the processor, read generated files. */
final class Sources {
  private Sources() {}

  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new KajuProcessor()).withOptions("-Xlint:all,-processing").compile(sources);
  }

  /** A source file from test resources ({@code sources/com/example/UserService.java}). */
  static JavaFileObject resource(String path) {
    return JavaFileObjects.forResource("sources/" + path);
  }

  /** An inline source file. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  static String generated(Compilation compilation, String qualifiedName) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(qualifiedName)
            .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName + "; got " + compilation.generatedSourceFiles()));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
