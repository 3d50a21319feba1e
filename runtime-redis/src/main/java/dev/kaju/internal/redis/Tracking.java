package dev.kaju.internal.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@code CLIENT TRACKING ON BCAST [PREFIX p]} switched on for one Lettuce client's
 * connection: after its first connect and after every reconnect (tracking state belongs to the
 * server-side connection, so a reconnect loses it). Invalidations go to the near cache; {@code
 * up} runs once tracking is on and the connection is known to be alive, {@code down} as soon as
 * either stops being true.
 *
 * <p>A connection can go silent without closing (a partition, a frozen server, a dropped NAT
 * entry): no FIN, no RST, and no invalidation either. So the connection is PINGed every {@code
 * check}; a PING unanswered for {@code check}, a failed PING, or a timed-out command ({@link
 * #suspect}) counts as a disconnect: {@code down} runs, and {@code up} runs again only when a PING
 * sent after that is answered. Redis answers on a connection in order, so that answer comes after
 * every invalidation pushed before it. A silent connection therefore serves stale values for at
 * most two checks (the next PING goes out within one, and is given one to answer).
 */
final class Tracking implements RedisConnectionStateListener {
  private final NearCache near;
  private final Runnable up;
  private final Runnable down;
  private final FailureLog log;
  private final ScheduledExecutorService scheduler;
  private final long checkNanos;
  private final Duration check;
  private final AtomicBoolean pushAttached = new AtomicBoolean();
  private volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;
  /** CLIENT TRACKING answered OK on the current connection. Changed under this. */
  private volatile boolean on;
  /** No check failed and no command timed out since the connection last proved alive. Changed under this. */
  private volatile boolean alive = true;
  /** Counts suspicions, so that only a PING sent after the last one can clear it. Changed under this. */
  private long suspicions;
  private @Nullable RedisFuture<String> ping;
  private long pingSentAt;
  private long pingSuspicions;
  private @Nullable ScheduledFuture<?> checks;
  private volatile boolean closed;

  Tracking(NearCache near, Runnable up, Runnable down, FailureLog log, ScheduledExecutorService scheduler, Duration check) {
    this.near = near;
    this.up = up;
    this.down = down;
    this.log = log;
    this.scheduler = scheduler;
    this.check = check;
    this.checkNanos = check.toNanos();
  }

  /** Starts the health checks. */
  synchronized void start() {
    if (!closed && checks == null) {
      checks = scheduler.scheduleWithFixedDelay(this::check, checkNanos, checkNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Whether tracking is on for the current connection and the connection is known to be alive. */
  boolean on() {
    return on && alive;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
    if (handler instanceof StatefulRedisConnection) {
      StatefulRedisConnection<byte[], byte[]> c = (StatefulRedisConnection<byte[], byte[]>) handler;
      connection = c;
      if (pushAttached.compareAndSet(false, true)) {
        c.addListener(near::onPush); // Lettuce keeps it across reconnects
      }
      track(c, 0);
    }
  }

  @Override
  public synchronized void onRedisDisconnected(@Nullable RedisChannelHandler<?, ?> handler) {
    on = false;
    down.run();
  }

  /**
   * The connection may be silently cut (a command or a PING timed out): serve nothing until a PING
   * sent from now on is answered.
   */
  synchronized void suspect(String why) {
    suspicions++;
    boolean was = alive;
    alive = false;
    down.run();
    if (was && on && !closed) {
      log.warn("client-side caching suspended until Redis answers again: " + why, null);
    }
  }

  /** One health check: judge the PING in flight, or send one. */
  private void check() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (closed || c == null || !on) {
      return; // no tracking to check: the (re)connect switches it on and reports
    }
    long sent;
    RedisFuture<String> p;
    synchronized (this) {
      p = ping;
      if (p != null && !p.isDone()) {
        if (System.nanoTime() - pingSentAt >= checkNanos && alive) {
          suspect("PING unanswered for " + check.toMillis() + " ms");
        }
        return; // one PING at a time: a silent connection does not pile them up
      }
      sent = suspicions;
      pingSentAt = System.nanoTime();
      pingSuspicions = sent;
    }
    RedisFuture<String> next;
    try {
      next = c.async().ping();
    } catch (RuntimeException e) {
      suspect("PING failed: " + e.getMessage());
      return;
    }
    synchronized (this) {
      ping = next;
    }
    next.whenComplete(
        (pong, e) -> {
          if (e != null) {
            suspect("PING failed: " + e.getMessage());
          } else {
            confirmed(sent);
          }
        });
  }

  /** A PING sent when {@code suspicionsAtSend} suspicions had been raised was answered. */
  private synchronized void confirmed(long suspicionsAtSend) {
    if (suspicions == suspicionsAtSend && on && !alive && !closed) {
      alive = true;
      up.run();
    }
  }

  /**
   * Switches tracking on; retries while the connection is not ready for commands yet: every 100 ms
   * for ten seconds, then (Redis still loading, an ACL refusing CLIENT TRACKING) every 5 s for as
   * long as the connection is open, with one warning. The near cache stays bypassed meanwhile.
   */
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
                trackingOn();
              } else if (!closed) {
                if (attempt == 100) {
                  log.warn("client-side caching is off until CLIENT TRACKING succeeds (retried every 5 s): "
                      + e.getMessage(), null);
                }
                try {
                  scheduler.schedule(() -> track(c, attempt + 1), attempt < 100 ? 100 : 5_000, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                  // the last backend closed meanwhile
                }
              }
            });
  }

  /** CLIENT TRACKING answered: the answer itself shows the connection alive. */
  private synchronized void trackingOn() {
    if (closed) {
      return;
    }
    on = true;
    alive = true;
    suspicions++; // a PING in flight from before does not count any more
    up.run();
  }

  synchronized void close() {
    closed = true;
    on = false;
    ScheduledFuture<?> c = checks;
    if (c != null) {
      c.cancel(false);
    }
  }
}
