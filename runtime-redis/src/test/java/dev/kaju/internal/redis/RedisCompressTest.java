package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.kaju.Cache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code ?compress=gzip} against a real Redis: what Redis holds, who reads it, and a planted zip bomb. */
class RedisCompressTest {
  private static RedisServer server;
  private static RawRedis raw;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
    raw = new RawRedis(server);
  }

  @AfterAll
  static void stopRedis() {
    raw.close();
    server.close();
  }

  @Test
  @DisplayName("compress=gzip stores large values gzipped and signed, small ones as before; a cache without compress reads both")
  void endToEnd() throws IOException {
    List<String> large = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      large.add("item " + i + " of a long list that repeats itself");
    }
    try (Cache cache = Cache.create().setup(server.url() + "?compress=gzip&compress_min=512&secret=s3cret&suppress=false");
        Cache plain = Cache.create().setup(server.url() + "?secret=s3cret&suppress=false")) {
      cache.set("big", large);
      cache.set("small", "value");
      byte[] stored = raw.get("big");
      String text = new String(stored, StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("sha256:");
      int payload = text.indexOf('_') + 1;
      assertThat(stored[payload]).isEqualTo((byte) 0xFB);
      assertThat(stored[payload + 1]).isEqualTo((byte) 0x1F);
      assertThat(stored[payload + 2]).isEqualTo((byte) 0x8B);
      assertThat(stored.length).isLessThan(large.size() * 10);
      assertThat(raw.get("small")[payload]).isEqualTo((byte) 0xF5);

      assertThat((Object) cache.get("big")).isEqualTo(large);
      assertThat((Object) cache.get("small")).isEqualTo("value");
      assertThat((Object) plain.get("big")).isEqualTo(large);
      assertThat(cache.getMany("big", "small")).containsExactly(large, "value");
      plain.set("plain-big", large);
      assertThat(raw.get("plain-big")[payload]).isEqualTo((byte) 0xF5);
      assertThat((Object) cache.get("plain-big")).isEqualTo(large);
      cache.delete("big");
      cache.delete("small");
      cache.delete("plain-big");
    }
  }

  @Test
  @DisplayName("a zip bomb planted in Redis (100 MB of zeros in ~100 KB) reads as a miss, without inflating it")
  void plantedZipBomb() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFB);
    byte[] zeros = new byte[1 << 20];
    try (OutputStream gzip = new GZIPOutputStream(out)) {
      for (int i = 0; i < 100; i++) {
        gzip.write(zeros);
      }
    }
    raw.set("bomb", out.toByteArray());
    try (Cache cache = Cache.create().setup(server.url() + "?compress=gzip&compress_max=1048576&suppress=false")) {
      assertThat(assertTimeout(Duration.ofSeconds(20), () -> (Object) cache.get("bomb"))).isNull();
      assertThat(cache.getMany("bomb")).containsExactly((Object) null);
      cache.delete("bomb");
    }
  }
}
