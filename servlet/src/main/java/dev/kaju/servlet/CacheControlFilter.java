package dev.kaju.servlet;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Kaju;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lets a GET or HEAD request's {@code Cache-Control} header steer the cached methods its handler
 * calls (cashews' {@code CacheRequestControlMiddleware}):
 *
 * <ul>
 *   <li>{@code no-cache}: they do not answer from the cache, but store what they compute;
 *   <li>{@code no-store} or {@code max-age=0}: they neither answer from the cache nor store;
 *   <li>{@code max-age=N}: methods whose {@code ttlMethod} calls {@link CacheControl#ttl(Duration)}
 *       store for {@code N} seconds;
 *   <li>no header, or only other directives: nothing changes.
 * </ul>
 *
 * <p>The response then says how long its content stays (cashews does the same): when the handler
 * of a GET or HEAD request called a cached method that answered from the cache or stored, a
 * {@code 200} response gets {@code Cache-Control: private, max-age=<seconds the entry has left>},
 * unless the handler set a {@code Cache-Control} itself. {@code private}: shared caches (proxies,
 * CDNs) keep none of it, since a cached method's result may belong to one user. The header is added
 * just before the response's first byte goes out, on the request's thread, as {@link EtagFilter}
 * adds its tag.
 *
 * Reads and stores are turned off with {@link Cache#disabling} on the commands generated methods
 * look up and store with ({@link Command#GET}, {@link Command#SET}), for the request's thread only:
 * work the handler hands to another thread ({@code AsyncContext.start}, an executor, an
 * {@code @Early} background refresh) is not affected. Other methods (POST, ...) pass untouched. A
 * malformed header ({@code max-age=abc}, {@code max-age=-1}, longer than 1024 characters) is
 * ignored, the request served as if it had none, and logged as a warning to the {@code
 * System.Logger} {@code dev.kaju.servlet}, at most once a minute.
 *
 * <p>Any client can send these headers: {@code no-cache} makes the request recompute, so register
 * the filter where that cost is acceptable, and bound {@code max-age} with {@link
 * CacheControl#ttl(Duration, Duration)}.
 */
public final class CacheControlFilter implements Filter {
  private final Cache cache;
  private final FilterLog log = new FilterLog("CacheControlFilter");

  /** A filter for the shared cache, {@link Kaju#cache()} (for {@code web.xml}, which needs this constructor). */
  public CacheControlFilter() {
    this(Kaju.cache());
  }

  /** A filter for the cached methods built on {@code cache}. */
  public CacheControlFilter(Cache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  @SuppressWarnings("try") // the scopes are opened for their effect on the chain
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)
        || !EtagFilter.isGetOrHead((HttpServletRequest) request)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse http = (HttpServletResponse) response;
    RequestDirectives directives = directives((HttpServletRequest) request);
    Duration maxAge = directives.maxAge() > 0 ? Duration.ofSeconds(directives.maxAge()) : null;
    try (Cache.Scope ttl = CacheControl.bind(maxAge);
        Cache.Scope off = disabling(directives);
        RequestDetect detect = RequestDetect.open(request, cache)) {
      TaggingResponse.filter(request, http, chain, () -> maxAge(detect.detect(), http));
    }
  }

  /** Says in {@code response} how long the request's first cached entry has left. */
  private void maxAge(Detect detect, HttpServletResponse response) {
    if (response.getStatus() != HttpServletResponse.SC_OK || response.containsHeader("Cache-Control")) {
      return;
    }
    String key = EtagFilter.firstEntry(detect);
    if (key == null) {
      return;
    }
    try {
      long left = cache.getExpire(key);
      if (left > 0) {
        response.setHeader("Cache-Control", "private, max-age=" + left);
      }
    } catch (RuntimeException e) {
      log.failed("reading the TTL of '" + key + "'", e);
    }
  }

  /** What a GET or HEAD request's header asks for; {@link RequestDirectives#NONE} for no header or a malformed one. */
  private RequestDirectives directives(HttpServletRequest request) {
    String value = HeaderScanner.joined(request, "Cache-Control");
    if (value == null) {
      return RequestDirectives.NONE;
    }
    try {
      return RequestDirectives.parse(value);
    } catch (IllegalArgumentException e) {
      log.ignored("Cache-Control", value, e.getMessage());
      return RequestDirectives.NONE;
    }
  }

  private Cache.@Nullable Scope disabling(RequestDirectives directives) {
    if (directives.skipsStores()) {
      return cache.disabling(Command.GET, Command.SET);
    }
    return directives.skipsReads() ? cache.disabling(Command.GET) : null;
  }
}
