package dev.kaju.internal.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code client_side=true}: a local Caffeine cache of values read from Redis, kept coherent by
 * Redis client tracking in broadcast mode ({@code CLIENT TRACKING ON BCAST [PREFIX p]}) on the
 * backend's own RESP3 connection.
 *
 * <p>Coherence rules:
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
final class NearCache implements RedisConnectionStateListener {
  /** A cached miss. */
  static final Object MISSING = new Object();

  private static final long FOREVER = Long.MAX_VALUE;
  private static final long TOKEN_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final ScheduledExecutorService RETRY =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kaju-redis-tracking");
            t.setDaemon(true);
            return t;
          });

  /** A cached value (possibly {@link #MISSING}), or a loading token when {@code value} is null. */
  static final class Entry {
    final @Nullable Object value;
    final long nanos;
    final long epoch;

    private Entry(@Nullable Object value, long nanos, long epoch) {
      this.value = value;
      this.nanos = nanos;
      this.epoch = epoch;
    }

    boolean loading() {
      return value == null;
    }
  }

  private final @Nullable String prefix;
  private final Cache<String, Entry> cache;
  private final ConcurrentMap<String, Entry> map;
  private final AtomicLong epoch = new AtomicLong();
  private final AtomicBoolean pushAttached = new AtomicBoolean();
  private final FailureLog log;
  private volatile boolean ready;
  private volatile boolean closed;

  NearCache(@Nullable String prefix, long maximumSize, FailureLog log) {
    this.prefix = prefix;
    this.log = log;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .executor(Runnable::run)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry e, long now) {
                    return e.nanos;
                  }

                  @Override
                  public long expireAfterUpdate(String key, Entry e, long now, long current) {
                    return e.nanos;
                  }

                  @Override
                  public long expireAfterRead(String key, Entry e, long now, long current) {
                    return current;
                  }
                })
            .build();
    this.map = cache.asMap();
  }

  /** Whether this key may be near-cached now. */
  boolean serves(String key) {
    return ready && (prefix == null || key.startsWith(prefix));
  }

  /** The cached entry of {@code key} (its value may be {@link #MISSING}), or null. */
  @Nullable Entry hit(String key) {
    Entry e = cache.getIfPresent(key);
    return e == null || e.loading() ? null : e;
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

  // ---------------------------------------------------------------- connection events

  @Override
  @SuppressWarnings("unchecked")
  public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
    if (handler instanceof StatefulRedisConnection) {
      StatefulRedisConnection<byte[], byte[]> c = (StatefulRedisConnection<byte[], byte[]>) handler;
      if (pushAttached.compareAndSet(false, true)) {
        c.addListener(this::onPush); // kept by Lettuce across reconnects
      }
      track(c, 0);
    }
  }

  @Override
  public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
    ready = false;
    epoch.incrementAndGet();
    cache.invalidateAll();
  }

  /** Tracking is on for the current connection: start filling, from empty. */
  void trackingOn() {
    epoch.incrementAndGet();
    cache.invalidateAll();
    ready = true;
  }

  /** Switches tracking on for the current connection; retries while it is not ready for commands. */
  private void track(StatefulRedisConnection<byte[], byte[]> c, int attempt) {
    if (closed || !c.isOpen()) {
      return;
    }
    TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
    if (prefix != null) {
      args.prefixes(StandardCharsets.UTF_8, prefix);
    }
    c.async()
        .clientTracking(args)
        .whenComplete(
            (ok, e) -> {
              if (e == null) {
                trackingOn();
              } else if (attempt < 100 && !closed) {
                RETRY.schedule(() -> track(c, attempt + 1), 100, TimeUnit.MILLISECONDS);
              } else {
                log.warn("client-side caching is off: CLIENT TRACKING failed: " + e.getMessage(), null);
              }
            });
  }

  private void onPush(PushMessage message) {
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
    return new String(bytes, StandardCharsets.UTF_8);
  }

  void close() {
    closed = true;
    ready = false;
    cache.invalidateAll();
  }
}
