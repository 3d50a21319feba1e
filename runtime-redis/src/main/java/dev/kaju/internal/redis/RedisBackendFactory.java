package dev.kaju.internal.redis;

import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import dev.kaju.spi.ValueCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code redis://[user:password@]host[:port][/db]?options} and {@code rediss://...} (TLS): the Redis
 * backend on Lettuce. The options follow cashews where it has one.
 */
public final class RedisBackendFactory implements BackendFactory {
  static final Option DB =
      Option.of("db", Option.Type.NON_NEGATIVE_LONG, null, "the database number; the URL path /N says the same");
  static final Option USERNAME =
      Option.of("username", Option.Type.STRING, null, "the ACL user; the URL's user@ says the same");
  static final Option PASSWORD =
      Option.of("password", Option.Type.STRING, null, "the password; the URL's :password@ says the same");
  static final Option CLIENT_NAME =
      Option.of("client_name", Option.Type.STRING, "kaju", "the connection's name in CLIENT LIST");
  static final Option SOCKET_CONNECT_TIMEOUT =
      Option.of("socket_connect_timeout", Option.Type.DURATION, "1s", "how long opening a connection may take");
  static final Option TIMEOUT =
      Option.of(
          "timeout",
          Option.Type.DURATION,
          "1s",
          "how long a command may take; past it the command fails (a miss with suppress=true)");
  static final Option SUPPRESS =
      Option.of(
          "suppress",
          Option.Type.BOOLEAN,
          "true",
          "true: a Redis failure is a miss or a dropped write and a rate-limited warning; false: it throws"
              + " CacheBackendException");
  static final Option CLUSTER =
      Option.of(
          "cluster",
          Option.Type.BOOLEAN,
          "false",
          "the URL's host:port is a seed node of a Redis Cluster; Lettuce discovers the others and routes by slot");
  static final Option SENTINEL_MASTER =
      Option.of(
          "sentinel_master",
          Option.Type.STRING,
          null,
          "the master name Redis Sentinel monitors; the URL's host:port (default port 26379) is then a Sentinel");
  static final Option SENTINEL_NODES =
      Option.of(
          "sentinel_nodes",
          Option.Type.STRING,
          null,
          "with sentinel_master: more Sentinels besides the URL's, as host:port,host:port");
  static final Option CLIENT_SIDE =
      Option.of(
          "client_side",
          Option.Type.BOOLEAN,
          "false",
          "keep a local near cache of read values, kept coherent by Redis client tracking (RESP3)");
  static final Option CLIENT_SIDE_PREFIX =
      Option.of(
          "client_side_prefix",
          Option.Type.STRING,
          null,
          "with client_side=true: near-cache only keys starting with this prefix (tracked with BCAST PREFIX)");
  static final Option CLIENT_SIDE_SIZE =
      Option.of(
          "client_side_size", Option.Type.POSITIVE_LONG, "10000", "with client_side=true: the near cache's maximum entries");
  /** The near cache's health check when client_side_check is not given. */
  static final java.time.Duration DEFAULT_CHECK = java.time.Duration.ofSeconds(1);

  static final Option CLIENT_SIDE_CHECK =
      Option.of(
          "client_side_check",
          Option.Type.DURATION,
          null,
          "with client_side=true: PING the tracking connection this often (default 1s, from 100ms to 1m); a PING"
              + " unanswered for as long, or a timed-out command, empties and bypasses the near cache until one is"
              + " answered again, so a silently cut connection serves stale values for at most twice this");
  static final Option SSL_CA_CERTS =
      Option.of("ssl_ca_certs", Option.Type.STRING, null, "rediss:// only: a PEM file of the CA certificates to trust");
  static final Option SSL_CERTFILE =
      Option.of(
          "ssl_certfile", Option.Type.STRING, null, "rediss:// only: a PEM client certificate chain (with ssl_keyfile)");
  static final Option SSL_KEYFILE =
      Option.of("ssl_keyfile", Option.Type.STRING, null, "rediss:// only: the PEM PKCS#8 private key of ssl_certfile");
  static final Option SSL_CHECK_HOSTNAME =
      Option.of(
          "ssl_check_hostname",
          Option.Type.BOOLEAN,
          "true",
          "rediss:// only: check the server certificate's host name (false: check only that a trusted CA signed it)");

  static final List<Option> OWN =
      List.of(
          DB,
          USERNAME,
          PASSWORD,
          CLIENT_NAME,
          SOCKET_CONNECT_TIMEOUT,
          TIMEOUT,
          SUPPRESS,
          CLUSTER,
          SENTINEL_MASTER,
          SENTINEL_NODES,
          CLIENT_SIDE,
          CLIENT_SIDE_PREFIX,
          CLIENT_SIDE_SIZE,
          CLIENT_SIDE_CHECK,
          SSL_CA_CERTS,
          SSL_CERTFILE,
          SSL_KEYFILE,
          SSL_CHECK_HOSTNAME);

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss");
  }

  @Override
  public List<Option> options() {
    List<Option> all = new ArrayList<>(OWN);
    all.addAll(ValueCodec.options());
    return List.copyOf(all);
  }

  @Override
  public Backend create(BackendConfig config) {
    RedisSettings settings = RedisSettings.from(config);
    ValueCodec codec = ValueCodec.from(config);
    return new RedisBackend(settings, codec);
  }
}
