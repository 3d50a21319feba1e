package dev.kaju.processor.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a key template into literal text and placeholders, without types: {@code "user:{u.id:hash(md5)}"}
 * gives {@code "user:"} and a placeholder with path {@code [u, id]}, formatter {@code hash} and
 * argument {@code md5}. {@code {{} and {@code }}} are literal braces.
 */
final class KeyTemplateSyntax {
  private KeyTemplateSyntax() {}

  sealed interface Raw permits Text, Placeholder {}

  record Text(String text) implements Raw {}

  /**
   * @param source the placeholder as written, braces included
   * @param path the dotted path ({@code @} alone for the key context)
   * @param formatter the formatter name, or null
   * @param arguments the formatter's arguments
   */
  record Placeholder(String source, List<String> path, String formatter, List<String> arguments) implements Raw {}

  /** Thrown with a message for {@code Messages.KEY_SYNTAX}. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  static List<Raw> parse(String template) throws SyntaxError {
    List<Raw> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c == '{' && i + 1 < n && template.charAt(i + 1) == '{') {
        text.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < n && template.charAt(i + 1) == '}') {
        text.append('}');
        i += 2;
      } else if (c == '}') {
        throw new SyntaxError("unmatched '}' at index " + i + " (write '}}' for a literal brace)");
      } else if (c == '{') {
        int close = matchingClose(template, i);
        if (close < 0) {
          throw new SyntaxError("unclosed '{' at index " + i);
        }
        if (text.length() > 0) {
          parts.add(new Text(text.toString()));
          text.setLength(0);
        }
        parts.add(placeholder(template.substring(i, close + 1)));
        i = close + 1;
      } else {
        text.append(c);
        i++;
      }
    }
    if (text.length() > 0) {
      parts.add(new Text(text.toString()));
    }
    return parts;
  }

  /** The '}' closing the '{' at {@code open}, counting nested placeholders in formatter arguments. */
  private static int matchingClose(String template, int open) {
    int depth = 0;
    for (int j = open; j < template.length(); j++) {
      char c = template.charAt(j);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return j;
      }
    }
    return -1;
  }

  /** Whether a formatter argument is a placeholder ({@code {param}}) rather than literal text. */
  static boolean isPlaceholderArgument(String argument) {
    return argument.length() > 2 && argument.startsWith("{") && argument.endsWith("}");
  }

  private static Placeholder placeholder(String source) throws SyntaxError {
    String inner = source.substring(1, source.length() - 1).trim();
    if (inner.isEmpty()) {
      throw new SyntaxError("empty placeholder '{}'");
    }
    String expr = inner;
    String formatter = null;
    List<String> args = new ArrayList<>();
    int colon = inner.indexOf(':');
    if (colon >= 0) {
      expr = inner.substring(0, colon).trim();
      String spec = inner.substring(colon + 1).trim();
      int open = spec.indexOf('(');
      if (open < 0) {
        formatter = spec;
      } else {
        if (!spec.endsWith(")")) {
          throw new SyntaxError("formatter '" + spec + "' in " + source + " misses its closing ')'");
        }
        formatter = spec.substring(0, open).trim();
        String argText = spec.substring(open + 1, spec.length() - 1).trim();
        if (!argText.isEmpty()) {
          for (String a : argText.split(",", -1)) {
            String arg = a.trim();
            if (arg.length() >= 2 && (arg.startsWith("\"") && arg.endsWith("\"") || arg.startsWith("'") && arg.endsWith("'"))) {
              arg = arg.substring(1, arg.length() - 1);
            }
            args.add(arg);
          }
        }
      }
      if (formatter.isEmpty() || !formatter.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new SyntaxError("'" + formatter + "' in " + source + " is not a formatter name");
      }
    }
    for (String arg : args) {
      if (arg.indexOf('{') >= 0 && !isPlaceholderArgument(arg)) {
        throw new SyntaxError("formatter argument '" + arg + "' in " + source + " mixes text and a placeholder");
      }
    }
    List<String> path = new ArrayList<>();
    if (expr.indexOf('{') >= 0 || expr.indexOf('}') >= 0) {
      throw new SyntaxError("'" + expr + "' in " + source + " is not a parameter or a property path");
    }
    for (String step : expr.split("\\.", -1)) {
      String s = step.trim();
      if (s.isEmpty() || !(s.equals("@") || s.matches("[A-Za-z_$][A-Za-z0-9_$]*"))) {
        throw new SyntaxError("'" + expr + "' in " + source + " is not a parameter or a property path");
      }
      path.add(s);
    }
    return new Placeholder(source, path, formatter, args);
  }
}
