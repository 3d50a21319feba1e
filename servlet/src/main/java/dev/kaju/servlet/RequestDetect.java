package dev.kaju.servlet;

import dev.kaju.Cache;
import dev.kaju.Detect;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Detect} per request and cache, shared by the Kaju filters of a chain ({@link
 * EtagFilter}, {@link CacheControlFilter}): the outermost opens it around the rest of the chain,
 * the inner ones read the same calls through it instead of opening a scope of their own (each open
 * scope records every command of the request's thread once more).
 */
final class RequestDetect implements AutoCloseable {
  private static final String ATTRIBUTE = RequestDetect.class.getName();

  private final ServletRequest request;
  private final Cache cache;
  private final Detect detect;
  /** Whether this one opened the scope, and so ends it. */
  private final boolean owner;
  /** What the request held before (another cache's scope, or nothing), put back on close. */
  private final @Nullable Object before;

  private RequestDetect(ServletRequest request, Cache cache, Detect detect, boolean owner, @Nullable Object before) {
    this.request = request;
    this.cache = cache;
    this.detect = detect;
    this.owner = owner;
    this.before = before;
  }

  /** The request's scope for {@code cache}: an outer filter's, or a new one that {@link #close} ends. */
  static RequestDetect open(ServletRequest request, Cache cache) {
    Object held = request.getAttribute(ATTRIBUTE);
    if (held instanceof RequestDetect && ((RequestDetect) held).cache == cache) {
      return new RequestDetect(request, cache, ((RequestDetect) held).detect, false, null);
    }
    RequestDetect opened = new RequestDetect(request, cache, cache.detect(), true, held);
    request.setAttribute(ATTRIBUTE, opened);
    return opened;
  }

  Detect detect() {
    return detect;
  }

  @Override
  public void close() {
    if (owner) {
      request.setAttribute(ATTRIBUTE, before); // null removes it
      detect.close();
    }
  }
}
