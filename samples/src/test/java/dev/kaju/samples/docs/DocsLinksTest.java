package dev.kaju.samples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs link nothing outside the repository: every link and image of {@code README.md} and
 * {@code docs/*.md} is relative, resolves inside the repository to a file or directory that
 * exists, and, when it names a heading ({@code page.md#heading}), to a heading of that page.
 * No {@code http:}, {@code https:} or other absolute link: a reader of the repository has what
 * it links to, whatever the network.
 */
class DocsLinksTest {

  /** {@code [text](target)} and {@code ![alt](target)}, the target up to a space or ')'. */
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]*)>?(\\s+\"[^\"]*\")?\\s*\\)");
  /** {@code [label]: target} reference definitions. */
  private static final Pattern REFERENCE = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
  /** {@code <img src="...">}, {@code <a href="...">}. */
  private static final Pattern HTML_LINK = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");
  /** A bare URL, which GitHub would turn into a link. */
  private static final Pattern BARE_URL = Pattern.compile("(?<![\\w/])(https?://|www\\.)[^\\s)>\\]\"]+");

  @Test
  void everyLinkStaysInTheRepositoryAndResolves() {
    Path root = MarkdownDocs.root();
    List<String> problems = new ArrayList<>();
    int links = 0;
    for (Path file : MarkdownDocs.files()) {
      List<String> prose = MarkdownDocs.prose(file);
      for (int i = 0; i < prose.size(); i++) {
        String line = withoutInlineCode(prose.get(i));
        String where = MarkdownDocs.relative(file) + ":" + (i + 1);
        List<String> targets = new ArrayList<>();
        for (Pattern p : List.of(MARKDOWN_LINK, REFERENCE, HTML_LINK)) {
          Matcher m = p.matcher(line);
          while (m.find()) {
            targets.add(m.group(1));
          }
        }
        Matcher bare = BARE_URL.matcher(line);
        while (bare.find()) {
          if (!targets.contains(bare.group())) {
            problems.add(where + ": a URL outside the repository: " + bare.group());
          }
        }
        for (String target : targets) {
          links++;
          String problem = check(root, file, target);
          if (problem != null) {
            problems.add(where + ": " + problem);
          }
        }
      }
    }
    assertTrue(links > 0, "no link found: is the pattern broken?");
    assertTrue(problems.isEmpty(), "links that leave the repository or lead nowhere:\n  "
        + String.join("\n  ", problems));
  }

  private static String check(Path root, Path file, String target) {
    if (target.isEmpty()) {
      return "an empty link";
    }
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("//")) {
      return "a link outside the repository: " + target
          + " (the docs link only files of the repository, by relative path)";
    }
    if (target.startsWith("/")) {
      return "an absolute path: " + target + " (use a path relative to the page)";
    }
    String path = target;
    String anchor = null;
    int hash = target.indexOf('#');
    if (hash >= 0) {
      path = target.substring(0, hash);
      anchor = target.substring(hash + 1);
    }
    Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      return "a link that leaves the repository: " + target;
    }
    String relative = root.relativize(resolved).toString().replace('\\', '/');
    if (!Files.exists(resolved)) {
      return "a link to a file that does not exist: " + target;
    }
    if (anchor != null && relative.endsWith(".md") && !anchors(resolved).contains(anchor)) {
      return "a link to a heading that " + relative + " does not have: #" + anchor
          + " (its headings: " + anchors(resolved) + ")";
    }
    return null;
  }

  /** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to '-'. */
  static Set<String> anchors(Path page) {
    Set<String> anchors = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (String line : MarkdownDocs.prose(page)) {
      Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug = m.group(1).toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
          .replace(' ', '-');
      String unique = slug;
      for (int n = 1; !seen.add(unique); n++) {
        unique = slug + "-" + n;
      }
      anchors.add(unique);
    }
    return anchors;
  }

  private static String withoutInlineCode(String line) {
    return line.replaceAll("``[^`]*``|`[^`]*`", "``");
  }
}
