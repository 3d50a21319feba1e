package dev.kaju.internal;

import dev.kaju.Middleware;
import dev.kaju.Settings;
import dev.kaju.internal.setup.Options;
import dev.kaju.internal.setup.SetupUrl;
import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The route table: which backend serves a key, by longest matching prefix. Readers take the
 * volatile array without locking; {@link #setup}, {@link #disable}, {@link #enable} and
 * {@link #removeAll} write under one lock.
 */
final class Routes {
  private static final Route[] NONE = new Route[0];

  private final Object setupLock = new Object();
  /** Longest prefix first, so the first match is the most specific. */
  private volatile Route[] routes = NONE;

  /**
   * Opens the backend a setup URL names and routes the settings' prefix to it, closing the backend
   * it replaces.
   */
  void setup(String url, Settings settings) {
    SetupUrl u = SetupUrl.parse(url);
    boolean noScheme = u.scheme().isEmpty(); // "://": a disabled memory backend, as cashews
    String scheme = noScheme ? "mem" : u.scheme();
    BackendFactory factory = Options.factory(scheme, url);
    Map<String, Object> options = Options.resolve(scheme, factory, u.params(), settings.options());
    boolean enabled = noScheme ? false : (Boolean) options.get("enable") && !(Boolean) options.get("disable");
    BackendConfig config =
        new BackendConfig(scheme, u.address(), u.host(), u.port(), u.path(), u.userInfo(), options, settings.ticker(), settings.clock())
            .withPrefix(settings.prefix())
            .withScheduler(settings.scheduler());
    Backend backend = factory.create(config);
    String prefix = settings.prefix();
    String name = noScheme ? "://" : u.redacted();
    Route route = new Route(prefix, backend, prefix.isEmpty() ? name : name + " [prefix " + prefix + "]",
        settings.middlewares().toArray(new Middleware[0]), settings.executor(), settings.scheduler(), settings.clock());
    if (!enabled) {
      route.disabled = Route.ALL;
    }
    Backend replaced = null;
    synchronized (setupLock) {
      List<Route> next = new ArrayList<>();
      for (Route r : routes) {
        if (r.prefix.equals(prefix)) {
          replaced = r.backend;
        } else {
          next.add(r);
        }
      }
      next.add(route);
      next.sort(Comparator.comparingInt((Route r) -> r.prefix.length()).reversed());
      routes = next.toArray(NONE);
    }
    if (replaced != null) {
      replaced.close();
    }
  }

  /** The route serving {@code key}; fails, naming the prefixes there are, when none does. */
  Route route(String key) {
    Route[] rs = routes;
    for (Route r : rs) {
      if (key.startsWith(r.prefix)) {
        return r;
      }
    }
    throw notConfigured(key, rs);
  }

  @Nullable Route routeOrNull(String key) {
    for (Route r : routes) {
      if (key.startsWith(r.prefix)) {
        return r;
      }
    }
    return null;
  }

  /** The route of the empty key, else the one with the shortest prefix: where a keyless {@code PING} goes. */
  Route fallback() {
    Route r = routeOrNull("");
    if (r == null) {
      Route[] rs = routes;
      if (rs.length == 0) {
        throw notConfigured("", rs);
      }
      r = rs[rs.length - 1];
    }
    return r;
  }

  /** Every route, for the commands that go to all backends; fails when there is none. */
  Route[] configured() {
    Route[] rs = routes;
    if (rs.length == 0) {
      throw notConfigured("", rs);
    }
    return rs;
  }

  private static IllegalStateException notConfigured(String key, Route[] rs) {
    if (rs.length == 0) {
      return new IllegalStateException(
          "cache is not set up: call cache.setup(\"mem://\") (or redis://, disk://) before using it");
    }
    StringBuilder prefixes = new StringBuilder();
    for (Route r : rs) {
      prefixes.append(prefixes.length() == 0 ? "" : ", ").append('"').append(r.prefix).append('"');
    }
    return new IllegalStateException(
        "no backend for key '" + key + "': backends are set up for prefixes " + prefixes
            + "; set up a default backend with cache.setup(url)");
  }

  /** Disables the commands of {@code mask} on every route set up so far. */
  void disable(long mask) {
    synchronized (setupLock) {
      for (Route r : routes) {
        r.disabled |= mask;
      }
    }
  }

  /** Enables the commands of {@code mask} on every route set up so far. */
  void enable(long mask) {
    synchronized (setupLock) {
      for (Route r : routes) {
        r.disabled &= ~mask;
      }
    }
  }

  /** Empties the table and returns what it held, for {@link #close(Route[])}. */
  Route[] removeAll() {
    synchronized (setupLock) {
      Route[] removed = routes;
      routes = NONE;
      return removed;
    }
  }

  /** Closes every route's backend; throws the first failure, with the others suppressed. */
  static void close(Route[] closing) {
    RuntimeException failure = null;
    for (Route r : closing) {
      try {
        r.backend.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The routes' names, longest prefix first, separated by commas. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Route r : routes) {
      sb.append(sb.length() == 0 ? "" : ", ").append(r.name);
    }
    return sb.toString();
  }
}
