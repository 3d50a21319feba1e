package dev.kaju.internal.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import dev.kaju.spi.BackendConfig;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checked options of one Redis backend, and the Lettuce objects they make. */
final class RedisSettings {
  final String address;
  final RedisURI uri;
  final @Nullable SslOptions ssl;
  final Duration connectTimeout;
  final Duration timeout;
  final boolean suppress;
  final boolean cluster;
  final boolean clientSide;
  final @Nullable String clientSidePrefix;
  final long clientSideSize;
  /** How often the tracking connection is PINGed, and how long a PING may stay unanswered. */
  final Duration clientSideCheck;
  /** The key prefix the cache routes here, "" for the default route: clear and count only these keys. */
  final String routePrefix;
  /** The user, password and signing secret: never in a message, a toString or a log line. */
  private final List<String> secrets;

  private RedisSettings(
      String address,
      RedisURI uri,
      @Nullable SslOptions ssl,
      Duration connectTimeout,
      Duration timeout,
      boolean suppress,
      boolean cluster,
      boolean clientSide,
      @Nullable String clientSidePrefix,
      long clientSideSize,
      Duration clientSideCheck,
      String routePrefix,
      List<String> secrets) {
    this.address = address;
    this.uri = uri;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    this.suppress = suppress;
    this.cluster = cluster;
    this.clientSide = clientSide;
    this.clientSidePrefix = clientSidePrefix;
    this.clientSideSize = clientSideSize;
    this.clientSideCheck = clientSideCheck;
    this.routePrefix = routePrefix;
    this.secrets = secrets;
  }

  /**
   * {@code text} with the URL's user info, the user, the password and the signing secret replaced
   * by {@code ****}: for every message, exception and log line that quotes Redis or Lettuce.
   */
  String redact(@Nullable String text) {
    return redact(text, secrets);
  }

  static String redact(@Nullable String text, List<String> secrets) {
    if (text == null) {
      return "";
    }
    String out = USER_INFO.matcher(text).replaceAll("$1****@");
    for (String s : secrets) {
      out = out.replace(s, "****");
    }
    return out;
  }

  /** {@code scheme://user:password@} in any URL quoted in a message. */
  private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  @Override
  public String toString() {
    return "RedisSettings{" + address + (suppress ? "" : ", suppress=false") + (clientSide ? ", client_side" : "") + "}";
  }

  /**
   * Reads the URL and the options.
   *
   * @throws IllegalArgumentException naming the option or URL part at fault
   */
  static RedisSettings from(BackendConfig config) {
    boolean tls = config.scheme().equals("rediss");
    String host = config.host() == null || config.host().isEmpty() ? "localhost" : config.host();
    String master = config.stringOption(RedisBackendFactory.SENTINEL_MASTER.name());
    String moreSentinels = config.stringOption(RedisBackendFactory.SENTINEL_NODES.name());
    if (master != null && master.isEmpty()) {
      throw new IllegalArgumentException("option sentinel_master is empty: give the monitored master's name");
    }
    if (master == null && moreSentinels != null) {
      throw new IllegalArgumentException("option sentinel_nodes applies only with sentinel_master");
    }
    int port =
        config.port() >= 0
            ? config.port()
            : master != null ? RedisURI.DEFAULT_SENTINEL_PORT : RedisURI.DEFAULT_REDIS_PORT;

    RedisURI.Builder uri;
    if (master != null) {
      uri = RedisURI.Builder.sentinel(host, port, master).withSsl(tls);
      if (moreSentinels != null) {
        for (String node : moreSentinels.split(",")) {
          String n = node.trim();
          int colon = n.lastIndexOf(':');
          try {
            if (colon <= 0) {
              throw new NumberFormatException();
            }
            uri.withSentinel(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1)));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "bad value '" + moreSentinels + "' for option sentinel_nodes: expected host:port,host:port, got '"
                    + n + "'");
          }
        }
      }
    } else {
      uri = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
    }
    Integer db = database(config);
    if (db != null) {
      uri.withDatabase(db);
    }

    String user = null;
    String password = null;
    String info = config.userInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      user = colon < 0 ? info : info.substring(0, colon);
      password = colon < 0 ? null : info.substring(colon + 1);
      if (user.isEmpty()) {
        user = null;
      }
    }
    user = merge("username", user, config.stringOption(RedisBackendFactory.USERNAME.name()));
    password = merge("password", password, config.stringOption(RedisBackendFactory.PASSWORD.name()));
    if (password != null) {
      uri.withAuthentication(user == null ? "default" : user, password.toCharArray());
    } else if (user != null) {
      // not quoted: redis://s3cret@host is a password put where the user goes
      throw new IllegalArgumentException(
          "a username needs a password: give user:password@ in the url or option password");
    }

    Duration connectTimeout = config.durationOption(RedisBackendFactory.SOCKET_CONNECT_TIMEOUT.name());
    Duration timeout = config.durationOption(RedisBackendFactory.TIMEOUT.name());
    uri.withTimeout(timeout);
    String name = config.stringOption(RedisBackendFactory.CLIENT_NAME.name());
    if (name == null || name.isEmpty() || !name.matches("[!-~]+")) {
      throw new IllegalArgumentException(
          "bad value '" + name + "' for option client_name: expected printable characters without spaces");
    }
    uri.withClientName(name);

    SslOptions ssl = null;
    String ca = config.stringOption(RedisBackendFactory.SSL_CA_CERTS.name());
    String cert = config.stringOption(RedisBackendFactory.SSL_CERTFILE.name());
    String key = config.stringOption(RedisBackendFactory.SSL_KEYFILE.name());
    boolean checkHost = config.booleanOption(RedisBackendFactory.SSL_CHECK_HOSTNAME.name());
    if (!tls) {
      for (String[] opt : new String[][] {{"ssl_ca_certs", ca}, {"ssl_certfile", cert}, {"ssl_keyfile", key}}) {
        if (opt[1] != null) {
          throw new IllegalArgumentException(
              "option " + opt[0] + " applies only to rediss:// (TLS); use rediss://" + host + ":" + port
                  + " or remove " + opt[0]);
        }
      }
    } else {
      uri.withVerifyPeer(checkHost ? SslVerifyMode.FULL : SslVerifyMode.CA);
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException(
            "options ssl_certfile and ssl_keyfile go together (a client certificate and its key); got only "
                + (cert == null ? "ssl_keyfile" : "ssl_certfile"));
      }
      if (ca != null || cert != null) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
        if (ca != null) {
          b.trustManager(readable("ssl_ca_certs", ca));
        }
        if (cert != null) {
          b.keyManager(readable("ssl_certfile", cert), readable("ssl_keyfile", key), null);
        }
        ssl = b.build();
      }
    }

    boolean clientSide = config.booleanOption(RedisBackendFactory.CLIENT_SIDE.name());
    String prefix = config.stringOption(RedisBackendFactory.CLIENT_SIDE_PREFIX.name());
    if (!clientSide && prefix != null) {
      throw new IllegalArgumentException("option client_side_prefix applies only with client_side=true");
    }
    boolean cluster = config.booleanOption(RedisBackendFactory.CLUSTER.name());
    if (cluster && db != null && db != 0) {
      throw new IllegalArgumentException("Redis Cluster has only database 0, and the url asks for database " + db);
    }
    if (cluster && master != null) {
      throw new IllegalArgumentException("options cluster and sentinel_master exclude each other; give one of them");
    }
    String address =
        config.scheme() + "://" + host + ":" + port + (db == null ? "" : "/" + db) + (cluster ? " (cluster)" : "")
            + (master == null ? "" : " (sentinel master " + master + ")");
    return new RedisSettings(
        address,
        uri.build(),
        ssl,
        connectTimeout,
        timeout,
        config.booleanOption(RedisBackendFactory.SUPPRESS.name()),
        cluster,
        clientSide,
        prefix == null || prefix.isEmpty() ? null : prefix,
        config.longOption(RedisBackendFactory.CLIENT_SIDE_SIZE.name()),
        clientSideCheck(config, clientSide),
        config.prefix(),
        secrets(user, password, config.stringOption("secret"))); // the codec's signing key
  }

  /** At least this often: PINGs more often than every 100 ms are load for nothing. */
  static final Duration MIN_CHECK = Duration.ofMillis(100);
  /** At most this: the check bounds how long a silently cut connection serves stale values. */
  static final Duration MAX_CHECK = Duration.ofMinutes(1);

  private static Duration clientSideCheck(BackendConfig config, boolean clientSide) {
    String name = RedisBackendFactory.CLIENT_SIDE_CHECK.name();
    if (!config.has(name)) {
      return RedisBackendFactory.DEFAULT_CHECK;
    }
    if (!clientSide) {
      throw new IllegalArgumentException("option client_side_check applies only with client_side=true");
    }
    Duration check = config.durationOption(name);
    if (check.compareTo(MIN_CHECK) < 0 || check.compareTo(MAX_CHECK) > 0) {
      throw new IllegalArgumentException(
          "client_side_check must be from 100ms to 1m, was " + check.toMillis() + "ms");
    }
    return check;
  }

  /**
   * The values no message may quote, longest first (so a password containing the user goes
   * whole). A very short one blanks out parts of ordinary words too: better than quoting it.
   */
  private static List<String> secrets(@Nullable String... values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        out.add(v);
      }
    }
    out.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(out);
  }

  private static @Nullable Integer database(BackendConfig config) {
    String path = config.path();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Integer fromPath = null;
    if (!path.isEmpty()) {
      if (!path.matches("[0-9]{1,9}")) {
        throw new IllegalArgumentException(
            "bad path '" + config.path() + "' in redis url: expected a database number such as /0, or no path");
      }
      fromPath = Integer.valueOf(path);
    }
    Integer fromOption = null;
    if (config.has(RedisBackendFactory.DB.name())) {
      long n = config.longOption(RedisBackendFactory.DB.name());
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("db must be at most " + Integer.MAX_VALUE + ", was " + n);
      }
      fromOption = (int) n;
    }
    if (fromPath != null && fromOption != null && !fromPath.equals(fromOption)) {
      throw new IllegalArgumentException(
          "the url path says database " + fromPath + " and option db says " + fromOption + "; give one of them");
    }
    return fromOption != null ? fromOption : fromPath;
  }

  private static @Nullable String merge(String name, @Nullable String fromUrl, @Nullable String fromOption) {
    if (fromUrl != null && fromOption != null && !fromUrl.equals(fromOption)) {
      throw new IllegalArgumentException(
          "the url and option " + name + " give different values for " + name + "; give one of them");
    }
    return fromOption != null ? fromOption : fromUrl;
  }

  private static File readable(String option, String path) {
    File f = new File(path);
    if (!f.canRead()) {
      throw new IllegalArgumentException("option " + option + ": cannot read file '" + path + "'");
    }
    return f;
  }
}
