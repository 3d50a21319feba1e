package dev.kaju.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Redis glob pattern: {@code *} matches any run of characters (including {@code :}), {@code ?}
 * one character, {@code [abc]}, {@code [a-z]} and {@code [^a]} one character of (or not of) a
 * class, and {@code \} escapes the next character. Matching is anchored at both ends, as Redis
 * {@code SCAN MATCH} and {@code KEYS} do.
 *
 * <p>Compiled once; {@link #matches} allocates nothing. Patterns without wildcards and
 * {@code prefix*} patterns take a fast path.
 */
public final class GlobPattern {
  private static final int STAR = -1;
  private static final int ONE = -2;
  private static final int CLASS = -3;

  private final String pattern;
  /** One entry per token: a literal char, or STAR / ONE / CLASS. */
  private final int[] tokens;
  /** For CLASS tokens: the class, as pairs of inclusive ranges; element 0 is 1 when negated. */
  private final char[][] classes;
  private final String literalPrefix;
  private final Kind kind;

  private enum Kind {
    EXACT,
    PREFIX,
    GENERAL
  }

  /**
   * {@code text} with every glob metacharacter ({@code * ? [ ] \\}) escaped by a backslash, so it
   * matches itself only: {@code "user:" + escape(id) + ":*"} deletes one user's keys even when
   * {@code id} is {@code "*"}.
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append('\\');
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private GlobPattern(String pattern) {
    this.pattern = pattern;
    int n = pattern.length();
    int[] toks = new int[n];
    char[][] cls = new char[n][];
    int count = 0;
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*':
          if (count == 0 || toks[count - 1] != STAR) { // "**" is "*"
            toks[count++] = STAR;
          }
          break;
        case '?':
          toks[count++] = ONE;
          break;
        case '\\':
          if (i + 1 == n) {
            throw new IllegalArgumentException(
                "pattern '" + pattern + "' ends with an escape '\\'; escape a literal backslash as '\\\\'");
          }
          toks[count++] = pattern.charAt(++i);
          break;
        case '[':
          int end = classEnd(pattern, i);
          cls[count] = parseClass(pattern, i + 1, end);
          toks[count++] = CLASS;
          i = end;
          break;
        default:
          toks[count++] = c;
      }
    }
    this.tokens = Arrays.copyOf(toks, count);
    this.classes = Arrays.copyOf(cls, count);
    StringBuilder prefix = new StringBuilder();
    int i = 0;
    while (i < tokens.length && tokens[i] >= 0) {
      prefix.append((char) tokens[i++]);
    }
    this.literalPrefix = prefix.toString();
    if (i == tokens.length) {
      kind = Kind.EXACT;
    } else if (i == tokens.length - 1 && tokens[i] == STAR) {
      kind = Kind.PREFIX;
    } else {
      kind = Kind.GENERAL;
    }
  }

  /**
   * Compiles a glob pattern.
   *
   * @throws IllegalArgumentException for an empty pattern, an unclosed {@code [} or a trailing
   *     {@code \}
   */
  public static GlobPattern compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("pattern is empty; use \"*\" to match every key");
    }
    return new GlobPattern(pattern);
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** The literal text every match starts with (possibly empty), for backends that index by prefix. */
  public String literalPrefix() {
    return literalPrefix;
  }

  /** Whether the pattern has no wildcard: it matches exactly one key, {@link #literalPrefix()}. */
  public boolean literal() {
    return kind == Kind.EXACT;
  }

  /** Whether the pattern matches the whole of {@code key}. */
  public boolean matches(String key) {
    switch (kind) {
      case EXACT:
        return key.equals(literalPrefix);
      case PREFIX:
        return key.startsWith(literalPrefix);
      default:
        return matchGeneral(key);
    }
  }

  private boolean matchGeneral(String s) {
    int t = 0;
    int k = 0;
    int starToken = -1;
    int starKey = 0;
    int n = s.length();
    while (k < n) {
      if (t < tokens.length && tokens[t] != STAR && single(t, s.charAt(k))) {
        t++;
        k++;
      } else if (t < tokens.length && tokens[t] == STAR) {
        starToken = t++;
        starKey = k;
      } else if (starToken >= 0) {
        t = starToken + 1;
        k = ++starKey;
      } else {
        return false;
      }
    }
    while (t < tokens.length && tokens[t] == STAR) {
      t++;
    }
    return t == tokens.length;
  }

  private boolean single(int t, char c) {
    int token = tokens[t];
    if (token >= 0) {
      return token == c;
    }
    if (token == ONE) {
      return true;
    }
    char[] cls = classes[t];
    boolean in = false;
    for (int i = 1; i < cls.length; i += 2) {
      if (c >= cls[i] && c <= cls[i + 1]) {
        in = true;
        break;
      }
    }
    return in != (cls[0] == 1);
  }

  private static int classEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "unclosed '[' at index " + open + " in pattern '" + p + "'; close the class with ']' or escape it as '\\['");
  }

  private static char[] parseClass(String p, int from, int end) {
    StringBuilder ranges = new StringBuilder();
    boolean negated = from < end && p.charAt(from) == '^';
    ranges.append(negated ? (char) 1 : (char) 0);
    for (int i = negated ? from + 1 : from; i < end; i++) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < end) {
        c = p.charAt(++i);
      }
      char hi = c;
      if (i + 2 < end && p.charAt(i + 1) == '-') {
        hi = p.charAt(i + 2);
        i += 2;
        if (hi == '\\' && i + 1 < end) {
          hi = p.charAt(++i);
        }
      }
      ranges.append((char) Math.min(c, hi)).append((char) Math.max(c, hi));
    }
    return ranges.toString().toCharArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobPattern && ((GlobPattern) o).pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
