package dev.kaju.internal.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The connection of one backend: connects at once when Redis is up, otherwise in the background
 * (at most one attempt a second) so a backend made while Redis is down starts working when it
 * comes up. Once connected, Lettuce reconnects by itself; while it is disconnected commands are
 * rejected at once instead of queueing, so a suppressed outage costs no waiting.
 */
final class RedisLink implements AutoCloseable {
  /** One event loop and timer for every Kaju Redis backend in the JVM. */
  private static volatile @Nullable ClientResources shared;

  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisSettings settings;
  private final RedisClient client;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;
  private volatile long nextAttempt = System.nanoTime();
  private volatile @Nullable Throwable lastFailure;
  private volatile boolean closed;

  /**
   * @param listener hears every connect and disconnect, the first connect included (the near
   *     cache switches tracking on there)
   */
  RedisLink(RedisSettings settings, @Nullable RedisConnectionStateListener listener) {
    this.settings = settings;
    this.client = RedisClient.create(resources());
    if (listener != null) {
      client.addListener(listener);
    }
    ClientOptions.Builder options =
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout).build())
            .timeoutOptions(TimeoutOptions.builder().fixedTimeout(settings.timeout).build());
    if (settings.ssl != null) {
      options.sslOptions(settings.ssl);
    }
    if (settings.clientSide) {
      options.protocolVersion(ProtocolVersion.RESP3); // invalidations arrive as push messages
    }
    client.setOptions(options.build());
    try {
      install(client.connect(ByteArrayCodec.INSTANCE, settings.uri));
    } catch (RuntimeException e) {
      lastFailure = e;
      nextAttempt = System.nanoTime() + RETRY_NANOS;
    }
  }

  private static ClientResources resources() {
    ClientResources r = shared;
    if (r == null) {
      synchronized (RedisLink.class) {
        r = shared;
        if (r == null) {
          // reconnect quickly: a cache that misses for 30 s after Redis is back is a slow cache
          r = DefaultClientResources.builder()
                  .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                  .build();
          shared = r;
        }
      }
    }
    return r;
  }

  private void install(StatefulRedisConnection<byte[], byte[]> c) {
    if (closed) {
      c.closeAsync();
      return;
    }
    connection = c;
  }

  /** Whether a connection is open now. */
  boolean connected() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    return c != null && c.isOpen();
  }

  /** The connection, or a {@link RedisConnectionException} while there is none yet. */
  StatefulRedisConnection<byte[], byte[]> connection() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null) {
      return c;
    }
    if (closed) {
      throw new IllegalStateException("the Redis backend for " + settings.address + " is closed");
    }
    connectInBackground();
    Throwable cause = lastFailure;
    throw new RedisConnectionException(
        "not connected to " + settings.address + " (connecting in the background)"
            + (cause == null ? "" : ": " + cause.getMessage()),
        cause);
  }

  RedisClusterCommands<byte[], byte[]> sync() {
    return connection().sync();
  }

  RedisClusterAsyncCommands<byte[], byte[]> async() {
    return connection().async();
  }

  RedisClient client() {
    return client;
  }

  private void connectInBackground() {
    if (System.nanoTime() - nextAttempt < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(ByteArrayCodec.INSTANCE, settings.uri)
        .whenComplete(
            (c, e) -> {
              try {
                if (c != null) {
                  install(c);
                } else {
                  lastFailure = e;
                  nextAttempt = System.nanoTime() + RETRY_NANOS;
                }
              } catch (RuntimeException ex) {
                lastFailure = ex;
                nextAttempt = System.nanoTime() + RETRY_NANOS;
                c.closeAsync();
              } finally {
                connecting.set(false);
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<byte[], byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
