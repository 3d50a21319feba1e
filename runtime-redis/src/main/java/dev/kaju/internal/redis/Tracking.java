package dev.kaju.internal.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@code CLIENT TRACKING ON BCAST [PREFIX p]} switched on for one Lettuce client's
 * connection: after its first connect and after every reconnect (tracking state belongs to the
 * server-side connection, so a reconnect loses it). Invalidations go to the near cache; {@code
 * up} runs once tracking is on, {@code down} as soon as the connection drops.
 */
final class Tracking implements RedisConnectionStateListener {
  private static final ScheduledExecutorService RETRY =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kaju-redis-tracking");
            t.setDaemon(true);
            return t;
          });

  private final NearCache near;
  private final Runnable up;
  private final Runnable down;
  private final FailureLog log;
  private final AtomicBoolean pushAttached = new AtomicBoolean();
  private volatile boolean on;
  private volatile boolean closed;

  Tracking(NearCache near, Runnable up, Runnable down, FailureLog log) {
    this.near = near;
    this.up = up;
    this.down = down;
    this.log = log;
  }

  /** Whether tracking is on for the current connection. */
  boolean on() {
    return on;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
    if (handler instanceof StatefulRedisConnection) {
      StatefulRedisConnection<byte[], byte[]> c = (StatefulRedisConnection<byte[], byte[]>) handler;
      if (pushAttached.compareAndSet(false, true)) {
        c.addListener(near::onPush); // Lettuce keeps it across reconnects
      }
      track(c, 0);
    }
  }

  @Override
  public void onRedisDisconnected(@Nullable RedisChannelHandler<?, ?> handler) {
    on = false;
    down.run();
  }

  /** Switches tracking on; retries while the connection is not ready for commands yet. */
  private void track(StatefulRedisConnection<byte[], byte[]> c, int attempt) {
    if (closed || !c.isOpen()) {
      return;
    }
    TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
    String prefix = near.prefix();
    if (prefix != null) {
      args.prefixes(StandardCharsets.UTF_8, prefix);
    }
    c.async()
        .clientTracking(args)
        .whenComplete(
            (ok, e) -> {
              if (e == null) {
                on = true;
                up.run();
              } else if (attempt < 100 && !closed) {
                RETRY.schedule(() -> track(c, attempt + 1), 100, TimeUnit.MILLISECONDS);
              } else if (!closed) {
                log.warn("client-side caching is off: CLIENT TRACKING failed: " + e.getMessage(), null);
              }
            });
  }

  void close() {
    closed = true;
    on = false;
  }

  /** The scheduler tracking work runs on, off Lettuce's event loop. */
  static ScheduledExecutorService scheduler() {
    return RETRY;
  }
}
