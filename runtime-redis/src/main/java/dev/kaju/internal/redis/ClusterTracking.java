package dev.kaju.internal.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The near cache on a Redis Cluster: one RESP3 connection per master, each with {@code CLIENT
 * TRACKING ON BCAST}, beside Lettuce's routing connections. In broadcast mode a master reports
 * every change of a matching key, whichever connection read it, so these connections cover
 * every key. The near cache serves only while every current master's connection tracks; the
 * masters are compared with Lettuce's topology every 500 ms, and a change (failover, new
 * master) empties the near cache until the new set tracks.
 */
final class ClusterTracking implements AutoCloseable {
  private final NearCache near;
  private final RedisSettings settings;
  private final RedisLink link;
  private final FailureLog log;
  private final RedisResources resources;
  /** Tracking connections by master address; changed under {@link #readyLock}. */
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();
  private final Object readyLock = new Object();
  private final ScheduledFuture<?> poll;
  private volatile boolean closed;

  /** One master's tracking connection. */
  private final class Node {
    final RedisClient client;
    final RedisURI uri;
    final Tracking tracking;
    volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;
    volatile boolean connecting;

    Node(RedisURI uri) {
      this.uri = uri;
      this.tracking =
          new Tracking(near, ClusterTracking.this::nodeUp, near::suspend, log, resources.scheduler, settings.clientSideCheck);
      this.client = RedisClient.create(resources.lettuce);
      client.setOptions(RedisLink.configure(ClientOptions.builder(), settings, true).build());
      client.addListener(tracking);
    }

    void connect() {
      if (connection != null || connecting || closed) {
        return;
      }
      connecting = true;
      tracking.start(); // here, not under readyLock where the node is made
      client
          .connectAsync(ByteArrayCodec.INSTANCE, uri)
          .whenComplete(
              (c, e) -> {
                connecting = false;
                if (c != null) {
                  connection = c; // Lettuce reconnects it from now on
                } else {
                  log.warn("client-side caching waits for " + uri.getHost() + ":" + uri.getPort() + ": " + e, null);
                }
              });
    }

    /** @param wait whether to wait (up to 2 s) until the client let go of its connection */
    void close(boolean wait) {
      tracking.close();
      StatefulRedisConnection<byte[], byte[]> c = connection;
      if (c != null) {
        c.closeAsync();
      }
      if (wait) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2)); // before the shared threads may stop
      } else {
        client.shutdownAsync(0, 2, TimeUnit.SECONDS);
      }
    }
  }

  ClusterTracking(NearCache near, RedisSettings settings, RedisLink link, FailureLog log, RedisResources resources) {
    this.near = near;
    this.resources = resources;
    this.settings = settings;
    this.link = link;
    this.log = log;
    this.poll = resources.scheduler.scheduleWithFixedDelay(this::check, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** Follows the set of masters: a tracking connection for each, none for the others. */
  private void check() {
    if (closed) {
      return;
    }
    try {
      Set<String> masters = masters();
      if (masters == null) {
        return;
      }
      List<Node> removed = new ArrayList<>();
      if (!masters.equals(nodes.keySet())) {
        synchronized (readyLock) {
          for (String address : new ArrayList<>(nodes.keySet())) {
            if (!masters.contains(address)) {
              removed.add(nodes.remove(address));
            }
          }
          for (String address : masters) {
            nodes.computeIfAbsent(address, a -> new Node(nodeUri(a)));
          }
          near.suspend(); // the new set must track before anything is served again
        }
      }
      removed.forEach(n -> n.close(false)); // on the scheduler: do not block it
      nodes.values().forEach(Node::connect);
    } catch (RuntimeException e) {
      log.warn("client-side caching: following the cluster topology failed: " + e, e); // FailureLog redacts
    }
  }

  private @Nullable Set<String> masters() {
    Partitions partitions = link.partitions();
    if (partitions == null) {
      return null;
    }
    Set<String> masters = new HashSet<>();
    for (RedisClusterNode n : partitions) {
      if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && n.getUri() != null) {
        masters.add(n.getUri().getHost() + ":" + n.getUri().getPort());
      }
    }
    return masters.isEmpty() ? null : masters;
  }

  private RedisURI nodeUri(String address) {
    int colon = address.lastIndexOf(':');
    return RedisURI.builder(settings.uri)
        .withHost(address.substring(0, colon))
        .withPort(Integer.parseInt(address.substring(colon + 1)))
        .withTimeout(settings.timeout)
        .build();
  }

  /** A master's connection tracks again: serve once all of them do. */
  private void nodeUp() {
    synchronized (readyLock) {
      if (closed || nodes.isEmpty()) {
        return;
      }
      if (!allOn()) {
        return;
      }
      near.trackingOn();
      // A node may have been suspected between the check and the switch (suspicions do not take
      // readyLock): it marks itself not alive before it suspends the near cache, so looking again
      // here catches it, and the near cache never stays on with a suspected master.
      if (!allOn()) {
        near.suspend();
      }
    }
  }

  private boolean allOn() {
    for (Node n : nodes.values()) {
      if (!n.tracking.on()) {
        return false;
      }
    }
    return true;
  }

  /** A command timed out: any master's connection may be silently cut; each must answer a PING again. */
  void suspect(String why) {
    nodes.values().forEach(n -> n.tracking.suspect(why));
    near.suspend();
  }

  @Override
  public void close() {
    closed = true;
    poll.cancel(false);
    near.suspend();
    nodes.values().forEach(n -> n.close(true));
    nodes.clear();
  }
}
