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
    if (u.isEmpty()) {
      throw new IllegalArgumentException("setup url is empty; expected <scheme>://..., " + EXAMPLES);
    }
    int sep = u.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "malformed setup url '" + url + "': expected <scheme>://..., " + EXAMPLES);
    }
    String scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.isEmpty() && !scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new IllegalArgumentException(
          "malformed setup url '" + url + "': '" + u.substring(0, sep) + "' is not a URL scheme; " + EXAMPLES);
    }
    String rest = u.substring(sep + 3);
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String authorityAndPath = q < 0 ? rest : rest.substring(0, q);
    if (authorityAndPath.indexOf('#') >= 0 || query.indexOf('#') >= 0) {
      throw new IllegalArgumentException("malformed setup url '" + url + "': a fragment ('#') is not allowed");
    }
    int slash = authorityAndPath.indexOf('/');
    String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
    String path = slash < 0 ? "" : authorityAndPath.substring(slash);

    String userInfo = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userInfo = decode(url, authority.substring(0, at));
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
            "malformed setup url '" + url + "': port '" + p + "' is not a number from 0 to 65535");
      }
    }
    String address = q < 0 ? u : u.substring(0, sep + 3 + q);
    return new SetupUrl(
        url, scheme, address, host.isEmpty() ? null : host, port, path, userInfo, parseQuery(url, query));
  }

  private static Map<String, String> parseQuery(String url, String query) {
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
            "malformed setup url '" + url + "': option '" + part + "' has no value; write " + part + "=<value>");
      }
      String name = decode(url, part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "malformed setup url '" + url + "': '" + part + "' has a value but no option name");
      }
      String value = decode(url, part.substring(eq + 1));
      if (params.put(name, value) != null) {
        throw new IllegalArgumentException(
            "malformed setup url '" + url + "': option " + name + " is given twice");
      }
    }
    return Collections.unmodifiableMap(params);
  }

  private static String decode(String url, String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed setup url '" + url + "': bad percent-encoding in '" + s + "'", e);
    }
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

  /** The URL without query and without password, for logs and {@code detect}. */
  public String redacted() {
    if (userInfo == null) {
      return address;
    }
    String user = userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) + ":***" : userInfo;
    return scheme + "://" + user + "@" + (host == null ? "" : host) + (port < 0 ? "" : ":" + port) + path;
  }
}
