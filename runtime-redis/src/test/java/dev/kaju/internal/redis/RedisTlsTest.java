package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** rediss:// against a redis-server that requires TLS with client certificates (test material in resources/tls). */
class RedisTlsTest {
  private static RedisServer server;
  private static int tlsPort;

  private static String file(String name) {
    try {
      return Path.of(RedisTlsTest.class.getResource("/tls/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void startRedis() throws IOException {
    tlsPort = RedisServer.freePort();
    server = RedisServer.start(
        "--tls-port", Integer.toString(tlsPort),
        "--tls-cert-file", file("server.pem"),
        "--tls-key-file", file("server.key"),
        "--tls-ca-cert-file", file("ca.pem"),
        "--tls-auth-clients", "yes");
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static String url(String options) {
    return "rediss://localhost:" + tlsPort + "?suppress=false&timeout=2s&" + options;
  }

  @Test
  @DisplayName("ssl_ca_certs, ssl_certfile and ssl_keyfile: a verified server and a client certificate")
  void mutualTls() {
    Cache cache = Cache.create().setup(
        url("ssl_ca_certs=" + file("ca.pem") + "&ssl_certfile=" + file("client.pem") + "&ssl_keyfile=" + file("client.key")));
    try {
      cache.set("k", "over tls");
      assertThat((Object) cache.get("k")).isEqualTo("over tls");
      assertThat(cache.ping()).isEqualTo("PONG");
    } finally {
      cache.clear();
      cache.close();
    }
  }

  @Test
  @DisplayName("without a client certificate, or without trusting the CA, no connection is made")
  void refused() {
    Cache noClientCert = Cache.create().setup(url("ssl_ca_certs=" + file("ca.pem")));
    Cache untrusted = Cache.create().setup(
        url("ssl_certfile=" + file("client.pem") + "&ssl_keyfile=" + file("client.key")));
    try {
      assertThatThrownBy(() -> noClientCert.get("k")).isInstanceOf(CacheBackendException.class);
      assertThatThrownBy(() -> untrusted.get("k")).isInstanceOf(CacheBackendException.class);
    } finally {
      noClientCert.close();
      untrusted.close();
    }
  }
}
