package dev.kaju.support;

/** Reads one top-level field of a JSON object as text: enough for JWT claims, no dependency. */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** The field's value as text (strings unquoted, other values as written); {@code ""} when absent or null. */
  static String topLevelField(String json, String name) {
    MiniJson p = new MiniJson(json);
    p.ws();
    p.expect('{');
    p.ws();
    if (p.peek() == '}') {
      return "";
    }
    while (true) {
      p.ws();
      String key = p.string();
      p.ws();
      p.expect(':');
      p.ws();
      int start = p.i;
      boolean isString = p.peek() == '"';
      String value = isString ? p.string() : null;
      if (!isString) {
        p.skipValue();
      }
      if (key.equals(name)) {
        if (isString) {
          return value;
        }
        String raw = json.substring(start, p.i).trim();
        return raw.equals("null") ? "" : raw;
      }
      p.ws();
      char c = p.next();
      if (c == '}') {
        return "";
      }
      if (c != ',') {
        throw p.bad();
      }
    }
  }

  private void skipValue() {
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      next();
      ws();
      if (peek() == close) {
        next();
        return;
      }
      while (true) {
        ws();
        if (c == '{') {
          string();
          ws();
          expect(':');
          ws();
        }
        skipValue();
        ws();
        char d = next();
        if (d == close) {
          return;
        }
        if (d != ',') {
          throw bad();
        }
      }
    } else {
      int start = i;
      while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      if (start == i) {
        throw bad();
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case 'n': sb.append('\n'); break;
          case 't': sb.append('\t'); break;
          case 'r': sb.append('\r'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'u':
            if (i + 4 > s.length()) {
              throw bad();
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default: sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw bad();
    }
    return s.charAt(i);
  }

  private char next() {
    char c = peek();
    i++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw bad();
    }
  }

  private IllegalArgumentException bad() {
    return new IllegalArgumentException("key part is not a JWT: its payload is not a JSON object");
  }
}
