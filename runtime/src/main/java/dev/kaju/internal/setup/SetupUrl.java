package dev.kaju.internal.setup;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed setup URL: {@code scheme://[user[:password]@][host][:port][/path][?name=value&...]}.
 * Option names are lower-cased; values are percent-decoded. {@code "://"} (no scheme) means a
 * disabled memory backend, as in cashews.
 */
public final class SetupUrl {
  private static final String EXAMPLES = "e.g. mem://?size=1000, redis://localhost:6379/0 or disk://?directory=/var/cache/app";

  private final String url;
  private final String scheme;
  private final String address;
  private final @Nullable String host;
  private final int port;
  private final String path;
  private final @Nullable String userInfo;
  private final Map<String, String> params;

  private SetupUrl(
      String url,
      String scheme,
      String address,
      @Nullable String host,
      int port,
      String path,
      @Nullable String userInfo,
      Map<String, String> params) {
    this.url = url;
    this.scheme = scheme;
    this.address = address;
    this.host = host;
    this.port = port;
    this.path = path;
    this.userInfo = userInfo;
    this.params = params;
  }

  /**
   * Parses a setup URL.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static SetupUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String u = url.trim();
    String shown = redact(url); // messages never echo a password or a secret
    if (u.isEmpty()) {
      throw new IllegalArgumentException("setup url is empty; expected <scheme>://..., " + EXAMPLES);
    }
    int sep = u.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "malformed setup url '" + shown + "': expected <scheme>://..., " + EXAMPLES);
    }
    String scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.isEmpty() && !scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new IllegalArgumentException(
          "malformed setup url '" + shown + "': '" + u.substring(0, sep) + "' is not a URL scheme; " + EXAMPLES);
    }
    String rest = u.substring(sep + 3);
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String authorityAndPath = q < 0 ? rest : rest.substring(0, q);
    if (authorityAndPath.indexOf('#') >= 0 || query.indexOf('#') >= 0) {
      throw new IllegalArgumentException("malformed setup url '" + shown + "': a fragment ('#') is not allowed");
    }
    int slash = authorityAndPath.indexOf('/');
    String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
    String path = slash < 0 ? "" : authorityAndPath.substring(slash);

    String userInfo = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userInfo = decode(shown, authority.substring(0, at), "the user info");
      authority = authority.substring(at + 1);
    }
    String host = authority;
    int port = -1;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']') < colon) {
      host = authority.substring(0, colon);
      String p = authority.substring(colon + 1);
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        port = -2;
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "malformed setup url '" + shown + "': port '" + p + "' is not a number from 0 to 65535");
      }
    }
    String address = q < 0 ? u : u.substring(0, sep + 3 + q);
    return new SetupUrl(
        url, scheme, address, host.isEmpty() ? null : host, port, path, userInfo, parseQuery(shown, query));
  }

  private static Map<String, String> parseQuery(String shown, String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return Collections.unmodifiableMap(params);
    }
    for (String part : query.split("&", -1)) {
      if (part.isEmpty()) {
        continue; // "?a=1&&b=2" and a trailing "&" are harmless
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "malformed setup url '" + shown + "': option '" + part + "' has no value; write " + part + "=<value>");
      }
      String name = decode(shown, part.substring(0, eq), "'" + part.substring(0, eq) + "'").trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "malformed setup url '" + shown + "': an option has a value but no name ('=" + "***')");
      }
      String value = decode(shown, part.substring(eq + 1), sensitive(name) ? "the value of " + name : "'" + part.substring(eq + 1) + "'");
      if (params.put(name, value) != null) {
        throw new IllegalArgumentException(
            "malformed setup url '" + shown + "': option " + name + " is given twice");
      }
    }
    return Collections.unmodifiableMap(params);
  }

  /**
   * @param what how the message names {@code s}: quoted for plain text, described for a secret
   */
  private static String decode(String shown, String s, String what) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed setup url '" + shown + "': bad percent-encoding in " + what);
    }
  }

  /** Whether an option's value is a secret: its name mentions a password, a secret or a token. */
  public static boolean sensitive(String optionName) {
    String n = optionName.toLowerCase(Locale.ROOT);
    return n.contains("password") || n.contains("secret") || n.contains("token");
  }

  /**
   * {@code url} fit for a message or a log line, even when malformed: the user info (a Redis
   * password) and the values of options whose names mention a password, a secret or a token are
   * replaced by {@code ***}.
   */
  public static String redact(String url) {
    if (url == null) {
      return "null";
    }
    String out = url;
    int sep = out.indexOf("://");
    int authorityStart = sep < 0 ? 0 : sep + 3;
    int authorityEnd = out.length();
    for (int i = authorityStart; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    int at = authorityEnd == 0 ? -1 : out.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) {
      out = out.substring(0, authorityStart) + "***" + out.substring(at);
    }
    int q = out.indexOf('?');
    if (q < 0) {
      return out;
    }
    StringBuilder b = new StringBuilder(out.substring(0, q + 1));
    String[] parts = out.substring(q + 1).split("&", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String decodedName;
      try {
        decodedName = URLDecoder.decode(name, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decodedName = name;
      }
      b.append(i == 0 ? "" : "&");
      if (eq >= 0 && (sensitive(decodedName) || decodedName.isBlank())) {
        b.append(name).append("=***");
      } else {
        b.append(part);
      }
    }
    return b.toString();
  }

  /** The URL as given. */
  public String url() {
    return url;
  }

  /** The scheme, lower case; empty for {@code "://"}. */
  public String scheme() {
    return scheme;
  }

  /** The URL without its query. */
  public String address() {
    return address;
  }

  public @Nullable String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String path() {
    return path;
  }

  public @Nullable String userInfo() {
    return userInfo;
  }

  /** Query options, names lower case, in URL order. */
  public Map<String, String> params() {
    return params;
  }

  /**
   * The URL without query and without password, for logs and {@code detect}: {@code user:***@} when
   * the user info names a user, {@code ***@} when it is only a password (Redis reads
   * {@code redis://secret@host} as a password).
   */
  public String redacted() {
    if (userInfo == null) {
      return address;
    }
    String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) + ":***" : "***";
    return scheme + "://" + user + "@" + (host == null ? "" : host) + (port < 0 ? "" : ":" + port) + path;
  }
}
