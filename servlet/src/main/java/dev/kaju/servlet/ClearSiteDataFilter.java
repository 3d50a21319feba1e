package dev.kaju.servlet;

import dev.kaju.Cache;
import dev.kaju.Kaju;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;

/**
 * Recomputes what a request's handler reads from the cache when the request carries {@code
 * Clear-Site-Data: "cache"} (cashews' {@code CacheDeleteMiddleware}): the request runs inside
 * {@link Kaju#invalidateFurther()}, so every cached method it calls deletes its entry, runs and
 * stores afresh. {@code "*"} counts as {@code "cache"}; bare {@code cache} is accepted too. Applies
 * to every HTTP method, on the request's thread only (see {@link Kaju#invalidateFurther()}); it
 * touches every cache, so it needs no {@link Cache}.
 *
 * <p>A malformed header (an unterminated quote, longer than 1024 characters) is ignored, the
 * request served as if it had none, and logged as a warning to the {@code System.Logger} {@code
 * dev.kaju.servlet}, at most once a minute. Any client can send the header and make the request
 * recompute: register the filter only where that cost is acceptable (behind authentication, say).
 */
public final class ClearSiteDataFilter implements Filter {
  private final FilterLog log = new FilterLog("ClearSiteDataFilter");

  /** The filter; {@code web.xml} needs this constructor. */
  public ClearSiteDataFilter() {}

  @Override
  @SuppressWarnings("try") // the scope is opened for its effect on the chain
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !clearsCache((HttpServletRequest) request)) {
      chain.doFilter(request, response);
      return;
    }
    try (Cache.Scope further = Kaju.invalidateFurther()) {
      chain.doFilter(request, response);
    }
  }

  private boolean clearsCache(HttpServletRequest request) {
    String value = HeaderScanner.joined(request, "Clear-Site-Data");
    if (value == null) {
      return false;
    }
    try {
      HeaderScanner in = new HeaderScanner(value);
      boolean cache = false;
      while (in.next()) {
        String type = in.tokenOrQuoted().toLowerCase(Locale.ROOT);
        in.endOfElement();
        cache |= type.equals("cache") || type.equals("*");
      }
      return cache;
    } catch (IllegalArgumentException e) {
      log.ignored("Clear-Site-Data", value, e.getMessage());
      return false;
    }
  }
}
