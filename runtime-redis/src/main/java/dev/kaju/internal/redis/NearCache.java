package dev.kaju.internal.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.api.push.PushMessage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code client_side=true}: a local Caffeine cache of values read from Redis, kept coherent by
 * Redis client tracking in broadcast mode ({@code CLIENT TRACKING ON BCAST [PREFIX p]}) on the
 * backend's own RESP3 connection.
 *
 * <p>{@link Tracking} switches tracking on for each connection that feeds invalidations (the
 * backend's own, or one per master of a cluster) and calls {@link #trackingOn} and {@link
 * #suspend}. Coherence rules:
 *
 * <ul>
 *   <li>A read first puts a <em>loading token</em> under the key, then asks Redis, then replaces
 *       the token with the value only if the token is still there: an invalidation that arrives
 *       while the read is in flight removes the token, so the older value is never kept.
 *   <li>The cache serves nothing and keeps nothing unless tracking is on for the current
 *       connection. When the connection drops everything is dropped; after Lettuce reconnects,
 *       tracking is switched on again and only then does the cache fill again. An epoch counter
 *       makes reads that started before either event leave nothing behind.
 *   <li>Entries keep the TTL Redis reported for them; a missing key is cached as missing until
 *       Redis says it changed.
 *   <li>The backend's own writes drop the key locally at once (read-your-writes), before the
 *       invalidation from Redis arrives.
 * </ul>
 */
final class NearCache {
  /** A cached miss. */
  static final Object MISSING = new Object();

  private static final long FOREVER = Long.MAX_VALUE;
  private static final long TOKEN_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** A cached value (possibly {@link #MISSING}), or a loading token when {@code value} is null. */
  static final class Entry {
    final @Nullable Object value;
    /** The {@code System.nanoTime()} it expires at, or {@link #FOREVER}. */
    final long expiresAt;
    final long epoch;

    private Entry(@Nullable Object value, long nanos, long epoch) {
      this.value = value;
      long now = System.nanoTime();
      this.expiresAt = nanos == FOREVER || nanos >= FOREVER - 1 - now ? FOREVER : now + nanos;
      this.epoch = epoch;
    }

    boolean loading() {
      return value == null;
    }

    boolean expired(long now) {
      return expiresAt != FOREVER && expiresAt - now <= 0;
    }
  }

  private final @Nullable String prefix;
  private final Cache<String, Entry> cache;
  private final ConcurrentMap<String, Entry> map;
  private final AtomicLong epoch = new AtomicLong();
  private volatile boolean ready;

  NearCache(@Nullable String prefix, long maximumSize) {
    this.prefix = prefix;
    // Size-bound only: each entry keeps Redis' TTL as its own expiry time, checked on read
    // (Caffeine's variable expiry costs about 30 ns a hit, see the memory backend).
    // Maintenance (eviction) runs on the calling thread, not on ForkJoinPool.commonPool(): the
    // backend starts no thread that is not its own.
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    this.map = cache.asMap();
  }

  /** Whether this key may be near-cached now. */
  boolean serves(String key) {
    return ready && (prefix == null || key.startsWith(prefix));
  }

  /** The cached entry of {@code key} (its value may be {@link #MISSING}), or null. */
  @Nullable Entry hit(String key) {
    Entry e = cache.getIfPresent(key);
    if (e == null || e.loading()) {
      return null;
    }
    if (e.expired(System.nanoTime())) {
      map.remove(key, e);
      return null;
    }
    return e;
  }

  /** Starts a read of {@code key} from Redis; pass the token to {@link #complete}. */
  Entry begin(String key) {
    Entry token = new Entry(null, TOKEN_NANOS, epoch.get());
    map.put(key, token);
    return token;
  }

  /**
   * Keeps what Redis answered, unless an invalidation, a disconnect or a newer read came in
   * between.
   *
   * @param value the decoded value, or null when Redis had none
   * @param pttl Redis's PTTL answer: ms left, -1 without TTL, -2 missing
   */
  void complete(String key, Entry token, @Nullable Object value, long pttl) {
    if (!ready || epoch.get() != token.epoch) {
      map.remove(key, token);
      return;
    }
    if (pttl == 0 || (pttl == -2 && value != null)) {
      map.remove(key, token); // expired between the read of the value and of its TTL
      return;
    }
    long nanos = pttl > 0 ? TimeUnit.MILLISECONDS.toNanos(pttl) : FOREVER;
    map.replace(key, token, new Entry(value == null ? MISSING : value, nanos, token.epoch));
  }

  void invalidate(String key) {
    map.remove(key);
  }

  void invalidateAll() {
    cache.invalidateAll();
  }

  /** Entries held, for tests. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  boolean ready() {
    return ready;
  }

  // ---------------------------------------------------------------- tracking state

  /** Tracking is on for every connection that feeds invalidations: start filling, from empty. */
  void trackingOn() {
    epoch.incrementAndGet();
    cache.invalidateAll();
    ready = true;
  }

  /** A connection that feeds invalidations dropped: serve and keep nothing until {@link #trackingOn}. */
  void suspend() {
    ready = false;
    epoch.incrementAndGet();
    cache.invalidateAll();
  }

  /** The prefix to track, or null for every key. */
  @Nullable String prefix() {
    return prefix;
  }

  /** An invalidation pushed by Redis. */
  void onPush(PushMessage message) {
    if (!"invalidate".equals(message.getType())) {
      return;
    }
    List<Object> content = message.getContent(NearCache::text);
    Object keys = content.size() > 1 ? content.get(1) : null;
    if (keys instanceof List) {
      for (Object k : (List<?>) keys) {
        if (k != null) {
          map.remove(k.toString());
        }
      }
    } else {
      cache.invalidateAll(); // FLUSHDB / FLUSHALL: a null list
    }
  }

  private static Object text(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return dev.kaju.spi.KeyBytes.decode(bytes);
  }

  void close() {
    ready = false;
    cache.invalidateAll();
  }
}
