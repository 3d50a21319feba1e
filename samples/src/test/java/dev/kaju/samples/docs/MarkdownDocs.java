package dev.kaju.samples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's user documentation, {@code README.md} and {@code docs/*.md}, read as fenced
 * code blocks and the text between them, for {@link DocsExamplesTest} and {@link DocsLinksTest}.
 */
final class MarkdownDocs {
  private MarkdownDocs() {}

  /** A fence opening or closing a code block, possibly indented or inside a block quote. */
  private static final Pattern FENCE = Pattern.compile("^(\\s*(?:>\\s?)?\\s*)(```+)\\s*([\\w+-]*)\\s*$");
  /** A directive for the next block: {@code <!-- docs: members, with-previous -->}. */
  private static final Pattern DIRECTIVE = Pattern.compile("<!--\\s*docs:(.*?)-->");

  /** One fenced block: its file (relative to the repository), first code line and language. */
  record Block(Path file, String relative, int line, String language, List<String> directives,
      String code) {
    String where() {
      return relative + ":" + line;
    }

    boolean has(String directive) {
      return directives.stream().anyMatch(d -> d.equals(directive) || d.startsWith(directive + " "));
    }

    String argument(String directive) {
      return directives.stream().filter(d -> d.startsWith(directive + " "))
          .map(d -> d.substring(directive.length()).trim()).findFirst().orElse(null);
    }
  }

  /** The repository's root: the directory above the samples module that holds README.md. */
  static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))
          && Files.isRegularFile(p.resolve("samples/pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no README.md with docs/ above " + dir);
  }

  /** README.md, then every docs/*.md (docs/servlet.md and the like included), sorted. */
  static List<Path> files() {
    Path root = root();
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static String relative(Path file) {
    return root().relativize(file).toString().replace('\\', '/');
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block of {@code file}, in order. */
  static List<Block> blocks(Path file) {
    List<String> lines = lines(file);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String prefix = open.group(1);
      String language = open.group(3).toLowerCase();
      List<String> directives = directivesBefore(lines, i);
      StringBuilder code = new StringBuilder();
      int j = i + 1;
      for (; j < lines.size(); j++) {
        Matcher close = FENCE.matcher(lines.get(j));
        if (close.matches() && close.group(3).isEmpty()
            && close.group(2).length() >= open.group(2).length()) {
          break;
        }
        String line = lines.get(j);
        code.append(stripPrefix(line, prefix)).append('\n');
      }
      if (j == lines.size()) {
        throw new IllegalStateException(relative(file) + ":" + (i + 1) + ": unclosed ``` block");
      }
      blocks.add(new Block(file, relative(file), i + 2, language, directives, code.toString()));
      i = j;
    }
    return blocks;
  }

  /** The text outside code blocks, with the blocks' lines blanked (so line numbers still hold). */
  static List<String> prose(Path file) {
    List<String> lines = new ArrayList<>(lines(file));
    boolean inFence = false;
    String opening = null;
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (fence.matches() && (!inFence || (fence.group(3).isEmpty()
          && fence.group(2).length() >= opening.length()))) {
        inFence = !inFence;
        opening = fence.group(2);
        lines.set(i, "");
      } else if (inFence) {
        lines.set(i, "");
      }
    }
    return lines;
  }

  private static List<String> directivesBefore(List<String> lines, int fence) {
    for (int k = fence - 1; k >= 0; k--) {
      String line = lines.get(k).replaceFirst("^\\s*(>\\s?)?", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      Matcher d = DIRECTIVE.matcher(line);
      if (!d.find()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String part : d.group(1).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    return List.of();
  }

  private static String stripPrefix(String line, String prefix) {
    if (line.startsWith(prefix)) {
      return line.substring(prefix.length());
    }
    // a blank line inside an indented or quoted block may carry less of the prefix
    String quote = prefix.trim();
    String rest = line.stripLeading();
    if (!quote.isEmpty() && rest.startsWith(quote)) {
      rest = rest.substring(quote.length());
      return rest.startsWith(" ") ? rest.substring(1) : rest;
    }
    return line.isBlank() ? "" : line.stripLeading();
  }
}
