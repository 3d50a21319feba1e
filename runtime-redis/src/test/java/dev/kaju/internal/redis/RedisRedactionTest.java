package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kaju.Cache;
import dev.kaju.Ticker;
import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.Option;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10: the Redis module never quotes the URL's user info, the password or the signing secret. */
class RedisRedactionTest {
  private static final String USER = "appuser7";
  private static final String PASSWORD = "pw-s3cret-9";
  private static final String SECRET = "sign-s3cret-4";

  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start("--requirepass", "the-right-one");
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static void assertClean(String what, String text) {
    AbstractStringAssert<?> a = assertThat(text).as(what + ": " + text);
    a.doesNotContain(PASSWORD).doesNotContain(SECRET).doesNotContain(USER);
  }

  /** Every message of the cause chain, and the toString of each. */
  private static void assertClean(Throwable t) {
    assertThat(t).isNotNull();
    for (Throwable e = t; e != null; e = e.getCause()) {
      assertClean(e.getClass().getSimpleName(), String.valueOf(e));
      for (Throwable s : e.getSuppressed()) {
        assertClean(s);
      }
    }
  }

  private static BackendConfig config(String userInfo, String... options) {
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
    return new BackendConfig(
        "redis", "redis://127.0.0.1:" + server.port(), "127.0.0.1", server.port(), "", userInfo, values,
        Ticker.system(), Clock.systemUTC());
  }

  @Test
  @DisplayName("issue 10: setup errors of the Redis options quote no password, user or secret")
  void setupErrors() {
    String base = "redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + server.port();
    for (String url : List.of(
        base + "?secret=" + SECRET + "&client_side_check=1s",
        base + "?secret=" + SECRET + "&client_side=true&client_side_check=10ms",
        base + "?secret=" + SECRET + "&ssl_ca_certs=/tmp/ca.pem",
        base + "?secret=" + SECRET + "&sentinel_master=m&sentinel_nodes=nope",
        base + "?secret=" + SECRET + "&password=other-" + PASSWORD)) {
      Throwable t = catchThrowable(() -> Cache.create().setup(url).close());
      assertThat(t).as(url).isInstanceOf(IllegalArgumentException.class);
      assertClean(t);
    }
    // a password where the user goes (redis://pw@host): the "needs a password" message must not quote it
    Throwable t = catchThrowable(() -> new RedisBackendFactory().create(config(PASSWORD)));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a password");
    assertClean(t);
  }

  @Test
  @DisplayName("issue 10: toString, failures and log lines of a backend with a wrong password quote none of it")
  void failuresAndLogs() {
    List<String> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
        for (Throwable e = r.getThrown(); e != null; e = e.getCause()) {
          logged.add(String.valueOf(e));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger jul = Logger.getLogger("dev.kaju.redis");
    jul.addHandler(capture);
    Backend strict = new RedisBackendFactory().create(
        config(USER + ":" + PASSWORD, "secret", SECRET, "suppress", "false", "timeout", "300ms"));
    Backend lenient = new RedisBackendFactory().create(
        config(USER + ":" + PASSWORD, "secret", SECRET, "timeout", "300ms", "client_side", "true"));
    try {
      assertClean("toString", strict.toString());
      assertClean("toString", lenient.toString());
      assertClean(catchThrowable(() -> strict.get("k")));
      assertClean(catchThrowable(() -> strict.ping("PING")));
      assertClean(catchThrowable(() -> lenient.ping("PING")));
      Backend sentinel = new RedisBackendFactory().create(config(
          USER + ":" + PASSWORD, "secret", SECRET, "suppress", "false", "timeout", "300ms", "sentinel_master", "m"));
      try {
        Throwable t = catchThrowable(() -> sentinel.get("k"));
        assertClean(t);
      } finally {
        sentinel.close();
      }
      assertThat(lenient.get("k")).isNull();
      assertThat(logged).isNotEmpty();
      logged.forEach(line -> assertClean("log line", line));
    } finally {
      jul.removeHandler(capture);
      strict.close();
      lenient.close();
    }
  }

  @Test
  @DisplayName("RedisSettings.redact removes user info from quoted URLs and each secret")
  void redact() {
    RedisSettings s = RedisSettings.from(config(USER + ":" + PASSWORD, "secret", SECRET));
    assertClean("redact", s.redact("Unable to connect to redis://" + USER + ":" + PASSWORD + "@h:1 with " + SECRET));
    assertThat(s.redact("Unable to connect to redis://x:y@h:1")).isEqualTo("Unable to connect to redis://****@h:1");
    assertClean("toString", s.toString());
  }
}
