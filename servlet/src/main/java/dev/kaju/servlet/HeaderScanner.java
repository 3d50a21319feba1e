package dev.kaju.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * Reads the comma-separated lists of HTTP header values (RFC 9110 section 5.6): tokens, quoted
 * strings, optional whitespace. Every method throws {@link IllegalArgumentException} saying what
 * is wrong at which position; the filters then log the header once and ignore it.
 */
final class HeaderScanner {
  /**
   * The longest header value the filters read, all its lines together: longer is malformed. Real
   * {@code Cache-Control}, {@code If-None-Match} and {@code Clear-Site-Data} values are far shorter.
   */
  static final int MAX_LENGTH = 1024;

  private final String text;
  private int at;

  HeaderScanner(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
    }
    this.text = text;
  }

  /** Every line of the request's header {@code name}, joined with {@code ", "}; {@code null} when it has none. */
  static @Nullable String joined(HttpServletRequest request, String name) {
    Enumeration<String> lines = request.getHeaders(name);
    if (lines == null || !lines.hasMoreElements()) {
      return null;
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return first;
    }
    StringBuilder b = new StringBuilder(first);
    while (lines.hasMoreElements() && b.length() <= MAX_LENGTH) {
      b.append(", ").append(lines.nextElement());
    }
    return b.toString();
  }

  /** Skips whitespace and empty list elements; returns whether an element follows. */
  boolean next() {
    while (at < text.length() && (text.charAt(at) == ',' || isSpace(text.charAt(at)))) {
      at++;
    }
    return at < text.length();
  }

  /** After an element: only whitespace, then a comma or the end. */
  void endOfElement() {
    skipSpace();
    if (at < text.length() && text.charAt(at) != ',') {
      throw malformed("expected ',' or the end");
    }
  }

  boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  /** Consumes {@code c} if it is next (after whitespace); returns whether it was. */
  boolean take(char c) {
    skipSpace();
    if (peek(c)) {
      at++;
      return true;
    }
    return false;
  }

  /** A token: one or more of RFC 9110's {@code tchar}. */
  String token() {
    int start = at;
    while (at < text.length() && isTchar(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw malformed("expected a token");
    }
    return text.substring(start, at);
  }

  /** A quoted string, without its quotes and with its escapes resolved. */
  String quoted() {
    if (!peek('"')) {
      throw malformed("expected '\"'");
    }
    at++;
    StringBuilder b = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\' && at < text.length()) {
        c = text.charAt(at++);
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw malformed("a control character in a quoted string");
      }
      b.append(c);
    }
    throw malformed("an unterminated quoted string");
  }

  /** A token or a quoted string. */
  String tokenOrQuoted() {
    skipSpace();
    return peek('"') ? quoted() : token();
  }

  /**
   * An entity tag (RFC 9110 section 8.8.3), {@code "xyz"} or {@code W/"xyz"}: its opaque part,
   * without the quotes and the weakness (If-None-Match compares weakly).
   */
  String entityTag() {
    skipSpace();
    if (text.startsWith("W/", at)) {
      at += 2;
    }
    if (!peek('"')) {
      throw malformed("expected an entity tag, '\"...\"' or 'W/\"...\"'");
    }
    int start = ++at;
    while (at < text.length() && text.charAt(at) != '"') {
      char c = text.charAt(at);
      if (c < 0x21 || c == 0x7f) { // etagc: no space, no control character
        throw malformed("a space or control character in an entity tag");
      }
      at++;
    }
    if (at == text.length()) {
      throw malformed("an unterminated entity tag");
    }
    return text.substring(start, at++);
  }

  private void skipSpace() {
    while (at < text.length() && isSpace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException(what + " at character " + (at + 1));
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isTchar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
