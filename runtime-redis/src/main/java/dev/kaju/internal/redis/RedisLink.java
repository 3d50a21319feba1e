package dev.kaju.internal.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisSettings settings;
  private final AbstractRedisClient client;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile @Nullable Conn connection;
  private volatile long nextAttempt = System.nanoTime();
  private volatile @Nullable Throwable lastFailure;
  private volatile boolean closed;

  /**
   * @param listener hears every connect and disconnect, the first connect included (the near
   *     cache switches tracking on there)
   */
  RedisLink(RedisSettings settings, ClientResources resources, @Nullable RedisConnectionStateListener listener) {
    this.settings = settings;
    ClientOptions.Builder options =
        settings.cluster ? ClusterClientOptions.builder().topologyRefreshOptions(topologyRefresh()) : ClientOptions.builder();
    configure(options, settings, settings.clientSide && !settings.cluster);
    if (settings.cluster) {
      // Lettuce opens node connections on first use; rejecting commands while one is being
      // opened would fail the first command to every node. Queued commands still fail after
      // timeout when a node is down.
      options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT);
    }
    if (settings.cluster) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, settings.uri);
      cluster.setOptions((ClusterClientOptions) options.build());
      this.client = cluster;
    } else {
      RedisClient standalone = RedisClient.create(resources);
      standalone.setOptions(options.build());
      this.client = standalone;
    }
    if (listener != null) {
      client.addListener(listener);
    }
    try {
      install(connectAsync().toCompletableFuture().join());
    } catch (CompletionException e) {
      lastFailure = e.getCause() == null ? e : e.getCause();
      nextAttempt = System.nanoTime() + RETRY_NANOS;
    } catch (RuntimeException e) {
      lastFailure = e;
      nextAttempt = System.nanoTime() + RETRY_NANOS;
    }
  }

  /** The options every connection of a backend shares; {@code resp3} for one that receives invalidations. */
  static ClientOptions.Builder configure(ClientOptions.Builder options, RedisSettings settings, boolean resp3) {
    options
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(
            SocketOptions.builder()
                .connectTimeout(settings.connectTimeout)
                .keepAlive(keepAlive(settings))
                .build())
        .timeoutOptions(TimeoutOptions.builder().fixedTimeout(settings.timeout).build());
    if (settings.ssl != null) {
      options.sslOptions(settings.ssl);
    }
    if (resp3) {
      options.protocolVersion(ProtocolVersion.RESP3); // invalidations arrive as push messages
    }
    return options;
  }

  /**
   * TCP keepalive: a peer that vanished without a FIN (host gone, cable cut) closes an idle
   * connection after four intervals, so Lettuce reconnects. The interval is client_side_check
   * (whole seconds, at least one) with the near cache, 5 s without.
   */
  private static SocketOptions.KeepAliveOptions keepAlive(RedisSettings settings) {
    Duration every =
        settings.clientSide
            ? Duration.ofSeconds(Math.max(1, (settings.clientSideCheck.toMillis() + 999) / 1000))
            : Duration.ofSeconds(5);
    return SocketOptions.KeepAliveOptions.builder().enable().idle(every).interval(every).count(3).build();
  }

  /** The cluster's current topology as Lettuce knows it, or null before it is known (or standalone). */
  @Nullable Partitions partitions() {
    if (!(client instanceof RedisClusterClient) || connection == null) {
      return null;
    }
    return ((RedisClusterClient) client).getPartitions();
  }

  /**
   * Refresh the cluster topology every 30 s and at once on redirects and reconnects, so a
   * resharding or a failover is followed without waiting. (Lettuce 7.7 marks the adaptive
   * trigger methods deprecated; they still work, and moving off them is left for when the
   * replacement is known.)
   */
  @SuppressWarnings("deprecation")
  private static ClusterTopologyRefreshOptions topologyRefresh() {
    return ClusterTopologyRefreshOptions.builder()
        .enableAllAdaptiveRefreshTriggers()
        .enablePeriodicRefresh(Duration.ofSeconds(30))
        .build();
  }

  /** A connection and its two command views, standalone or cluster alike. */
  private static final class Conn {
    final StatefulConnection<byte[], byte[]> stateful;
    final RedisClusterCommands<byte[], byte[]> sync;
    final RedisClusterAsyncCommands<byte[], byte[]> async;

    Conn(StatefulConnection<byte[], byte[]> c) {
      this.stateful = c;
      if (c instanceof StatefulRedisClusterConnection) {
        StatefulRedisClusterConnection<byte[], byte[]> cc = (StatefulRedisClusterConnection<byte[], byte[]>) c;
        this.sync = cc.sync();
        this.async = cc.async();
      } else {
        StatefulRedisConnection<byte[], byte[]> sc = (StatefulRedisConnection<byte[], byte[]>) c;
        this.sync = sc.sync();
        this.async = sc.async();
      }
    }
  }

  private CompletionStage<? extends StatefulConnection<byte[], byte[]>> connectAsync() {
    if (client instanceof RedisClusterClient) {
      RedisClusterClient cluster = (RedisClusterClient) client;
      // the topology first: connectAsync does not load it
      return cluster.refreshPartitionsAsync().thenCompose(v -> cluster.connectAsync(ByteArrayCodec.INSTANCE));
    }
    return ((RedisClient) client).connectAsync(ByteArrayCodec.INSTANCE, settings.uri);
  }

  private void install(StatefulConnection<byte[], byte[]> c) {
    if (closed) {
      c.closeAsync();
      return;
    }
    connection = new Conn(c);
  }

  /** The connection, or a {@link RedisConnectionException} while there is none yet. */
  private Conn connection() {
    Conn c = connection;
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
            + (cause == null ? "" : ": " + settings.redact(cause.getMessage())),
        cause);
  }

  RedisClusterCommands<byte[], byte[]> sync() {
    return connection().sync;
  }

  RedisClusterAsyncCommands<byte[], byte[]> async() {
    return connection().async;
  }

  private void connectInBackground() {
    if (System.nanoTime() - nextAttempt < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    connectAsync()
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
    Conn c = connection;
    if (c != null) {
      c.stateful.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
