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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Entity tags for responses built from a cached method (cashews' {@code CacheEtagMiddleware}). When
 * the handler of a GET or HEAD request called a cached method that answered from the cache or
 * stored its result, a {@code 200} response gets {@code ETag: "<32 hex digits>"}, a digest of the
 * entry's key and stored value, and the cache keeps {@code etag:<hex>} (pointing at the entry) for
 * as long as the entry has left. A later request whose {@code If-None-Match} names that tag is
 * answered {@code 304 Not Modified}, without a body and without running the handler, as long as
 * the entry still holds the same value; any other tag gets the full response.
 *
 * <p>The entry is the first one a cached method ({@code @Cached}, {@code @Early}, ...) looked up or
 * stored during the request, as {@link Cache#detect()} reports it on the request's thread; the tag
 * is added just before the response's first byte is written (or when the handler returns), so a
 * handler that writes before calling its cached method, hands the response to another thread
 * (asynchronous servlets) or sets an {@code ETag} itself gets none from this filter. Other methods
 * (POST, ...) pass untouched. A malformed {@code If-None-Match} is ignored (the request is served in
 * full) and logged as a warning to the {@code System.Logger} {@code dev.kaju.servlet}, at most once
 * a minute; a cache that fails is logged the same way and the response goes out without a tag.
 *
 * <p>A {@code 304} skips the handler: register the filter after the filters that authenticate and
 * authorize. The tag is an unkeyed digest, so a client that can guess an entry's key and value can
 * confirm the guess with a {@code 304}; keep it away from handlers whose cached values are secrets.
 *
 * <p>Register it before (outside) {@link CacheControlFilter}, so that a browser's reload, which
 * sends {@code Cache-Control: max-age=0} with {@code If-None-Match}, can still be answered
 * {@code 304}, and after (inside) {@link ClearSiteDataFilter}, so that {@code Clear-Site-Data}
 * deletes the tag rather than being answered {@code 304}.
 */
public final class EtagFilter implements Filter {
  /** Joined before the hex digest to name the cache entry of a tag. */
  static final String KEY_PREFIX = "etag:";

  /** The tags this filter makes: 16 bytes of SHA-256, in lower-case hex. */
  private static final Pattern OURS = Pattern.compile("[a-f0-9]{32}");

  /** How many of {@code If-None-Match}'s tags are looked up, at most. */
  private static final int MOST_LOOKED_UP = 8;

  private final Cache cache;
  private final FilterLog log = new FilterLog("EtagFilter");

  /** A filter for the shared cache, {@link Kaju#cache()} (for {@code web.xml}, which needs this constructor). */
  public EtagFilter() {
    this(Kaju.cache());
  }

  /** A filter for the cached methods built on {@code cache}. */
  public EtagFilter(Cache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)
        || !isGetOrHead((HttpServletRequest) request)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse http = (HttpServletResponse) response;
    String matched = matched((HttpServletRequest) request);
    if (matched != null) {
      http.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      http.setHeader("ETag", matched);
      return;
    }
    try (RequestDetect detect = RequestDetect.open(request, cache)) {
      TaggingResponse.filter(request, http, chain, () -> tag(detect.detect(), http));
    }
  }

  static boolean isGetOrHead(HttpServletRequest request) {
    String method = request.getMethod();
    return "GET".equals(method) || "HEAD".equals(method);
  }

  /** The tag of {@code If-None-Match} that still names a live entry's value, quoted; {@code null} when none does. */
  private @Nullable String matched(HttpServletRequest request) {
    String value = HeaderScanner.joined(request, "If-None-Match");
    if (value == null) {
      return null;
    }
    List<String> tags = new java.util.ArrayList<>();
    try {
      HeaderScanner in = new HeaderScanner(value);
      if (in.take('*')) { // "any current representation": unknown before the handler runs
        in.endOfElement();
        return null;
      }
      while (in.next()) {
        String tag = in.entityTag();
        in.endOfElement();
        if (OURS.matcher(tag).matches() && tags.size() < MOST_LOOKED_UP) {
          tags.add(tag);
        }
      }
    } catch (IllegalArgumentException e) {
      log.ignored("If-None-Match", value, e.getMessage());
      return null;
    }
    try {
      for (String hex : tags) {
        Object key = cache.get(KEY_PREFIX + hex);
        if (key instanceof String && hex.equals(digest((String) key, cache.getRaw((String) key)))) {
          return quoted(hex);
        }
      }
    } catch (RuntimeException e) {
      log.failed("looking up If-None-Match", e);
    }
    return null;
  }

  /** Adds the tag of the request's first cached entry to {@code response}, and records it in the cache. */
  private void tag(Detect detect, HttpServletResponse response) {
    if (response.getStatus() != HttpServletResponse.SC_OK || response.containsHeader("ETag")) {
      return;
    }
    String key = firstEntry(detect);
    if (key == null) {
      return;
    }
    try {
      long left = cache.getExpire(key);
      Object raw = cache.getRaw(key);
      String hex = raw == null || left == -2 || left == 0 ? null : digest(key, raw);
      if (hex == null) { // gone meanwhile, or about to go
        return;
      }
      cache.set(KEY_PREFIX + hex, key, left > 0 ? Duration.ofSeconds(left) : null);
      response.setHeader("ETag", quoted(hex));
    } catch (RuntimeException e) {
      log.failed("tagging the response of '" + key + "'", e);
    }
  }

  /** The key of the first entry a cached method looked up or stored. */
  static @Nullable String firstEntry(Detect detect) {
    for (Detect.Call call : detect.list()) {
      if (call.strategy() != null && (call.command() == Command.GET || call.command() == Command.SET)) {
        return call.key();
      }
    }
    return null;
  }

  /**
   * 16 bytes of SHA-256 over the key and the stored value, in hex; {@code null} for a missing entry.
   * The stored value is the backend's representation: its bytes on Redis and disk, its text ({@code
   * toString}) on memory, where an object without its own {@code toString} gets a new tag whenever
   * it is stored again.
   */
  static @Nullable String digest(String key, @Nullable Object raw) {
    if (raw == null) {
      return null;
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    sha.update(key.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(raw instanceof byte[] ? (byte[]) raw : String.valueOf(raw).getBytes(StandardCharsets.UTF_8));
    byte[] hash = sha.digest();
    return HexFormat.of().formatHex(hash, 0, 16);
  }

  private static String quoted(String hex) {
    return '"' + hex + '"';
  }
}
