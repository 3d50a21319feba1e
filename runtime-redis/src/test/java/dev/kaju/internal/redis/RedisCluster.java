package dev.kaju.internal.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local three-master Redis Cluster: three {@code redis-server --cluster-enabled yes} on free
 * loopback ports, joined with {@code redis-cli --cluster create ... --cluster-replicas 0}.
 */
final class RedisCluster implements AutoCloseable {
  final List<RedisServer> nodes = new ArrayList<>();

  static RedisCluster start() {
    RedisCluster c = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        c.nodes.add(RedisServer.start(
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
      }
      c.create();
      c.awaitOk();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private void create() {
    List<String> cmd = new ArrayList<>(List.of(cli(), "--cluster", "create"));
    for (RedisServer n : nodes) {
      cmd.add("127.0.0.1:" + n.port());
    }
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run redis-cli: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String cli() {
    String server = RedisServer.binary();
    String cli = server.substring(0, server.length() - "redis-server".length()) + "redis-cli";
    if (!new java.io.File(cli).canExecute()) {
      throw new IllegalStateException("redis-cli is not next to " + server + ": the cluster tests need it to join the nodes");
    }
    return cli;
  }

  private void awaitOk() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (RedisServer n : nodes) {
      while (!n.command("CLUSTER INFO").contains("cluster_state:ok")) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the cluster did not reach cluster_state:ok: " + n.command("CLUSTER INFO"));
        }
        RedisServer.sleep(50);
      }
    }
  }

  /** A seed URL: the first node, with cluster=true. */
  String url() {
    return "redis://127.0.0.1:" + nodes.get(0).port() + "?cluster=true";
  }

  @Override
  public void close() {
    for (RedisServer n : nodes) {
      n.close();
    }
  }
}
