package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Ticker;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.Option;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the URL and options become Lettuce's RedisURI, without a server. */
class RedisSettingsTest {
  private static RedisSettings settings(
      String scheme, @Nullable String host, int port, String path, @Nullable String userInfo, String... options) {
    Map<String, Object> values = new HashMap<>();
    Map<String, Option> byName = new HashMap<>();
    for (Option o : new RedisBackendFactory().options()) {
      byName.put(o.name(), o);
      if (o.defaultValue() != null) {
        values.put(o.name(), o.parse(o.defaultValue()));
      }
    }
    for (int i = 0; i < options.length; i += 2) {
      values.put(options[i], byName.get(options[i]).parse(options[i + 1]));
    }
    BackendConfig config = new BackendConfig(
        scheme, scheme + "://", host, port, path, userInfo, values, Ticker.system(), Clock.systemUTC());
    return RedisSettings.from(config);
  }

  private static RedisCredentials credentials(RedisSettings s) {
    return s.uri.getCredentialsProvider().resolveCredentials().block();
  }

  @Test
  @DisplayName("defaults: localhost:6379, no database, 1 s timeouts, suppress on, no TLS")
  void defaults() {
    RedisSettings s = settings("redis", null, -1, "", null);
    assertThat(s.uri.getHost()).isEqualTo("localhost");
    assertThat(s.uri.getPort()).isEqualTo(6379);
    assertThat(s.uri.getDatabase()).isZero();
    assertThat(s.uri.isSsl()).isFalse();
    assertThat(s.uri.getClientName()).isEqualTo("kaju");
    assertThat(s.timeout).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.connectTimeout).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.suppress).isTrue();
    assertThat(s.clientSide).isFalse();
    assertThat(s.cluster).isFalse();
    assertThat(s.address).isEqualTo("redis://localhost:6379");
  }

  @Test
  @DisplayName("user-info, path and options land in the RedisURI")
  void url() {
    RedisSettings s = settings("rediss", "cache.example.com", 6380, "/4/", "app:pw", "timeout", "250ms",
        "ssl_check_hostname", "false");
    assertThat(credentials(s).getUsername()).isEqualTo("app");
    assertThat(new String(credentials(s).getPassword())).isEqualTo("pw");
    assertThat(s.uri.getDatabase()).isEqualTo(4);
    assertThat(s.uri.isSsl()).isTrue();
    assertThat(s.uri.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
    assertThat(s.timeout).isEqualTo(Duration.ofMillis(250));
    assertThat(s.address).isEqualTo("rediss://cache.example.com:6380/4");
  }

  @Test
  @DisplayName("a password alone authenticates as the default user")
  void passwordOnly() {
    RedisSettings s = settings("redis", "h", -1, "", null, "password", "secret", "db", "2");
    assertThat(credentials(s).getUsername()).isEqualTo("default");
    assertThat(new String(credentials(s).getPassword())).isEqualTo("secret");
    assertThat(s.uri.getDatabase()).isEqualTo(2);
  }

  @Test
  @DisplayName("sentinel_master: the URL is a Sentinel, on 26379 by default, with more from sentinel_nodes")
  void sentinel() {
    RedisSettings s = settings("redis", "s1", -1, "", null, "sentinel_master", "mymaster", "sentinel_nodes",
        "s2:26380, s3:26381");
    assertThat(s.uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(s.uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2", "s3");
    assertThat(s.uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380, 26381);
  }
}
