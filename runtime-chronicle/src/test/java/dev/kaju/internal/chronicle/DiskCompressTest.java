package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.kaju.Cache;
import dev.kaju.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("disk: compress=gzip stores large values compressed, read back after a restart by any codec")
class DiskCompressTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  private Cache cache(String query) {
    return Cache.create().setup("disk://?entries=1000" + query, Settings.builder().option("directory", dir.toString()).build());
  }

  @Test
  @DisplayName("a large value is stored gzipped, a small one as before; after a restart a cache without compress reads both")
  void endToEnd() {
    String large = "a line of text that repeats\n".repeat(2000);
    try (Cache cache = cache("&compress=gzip")) {
      cache.set("big", large);
      cache.set("small", "value");
      byte[] stored = (byte[]) cache.getRaw("big");
      assertThat(stored[0]).isEqualTo((byte) 0xFB);
      assertThat(stored.length).isLessThan(large.length() / 10);
      assertThat(((byte[]) cache.getRaw("small"))[0]).isEqualTo((byte) 0xF5);
      assertThat((Object) cache.get("big")).isEqualTo(large);
    }
    try (Cache cache = cache("")) {
      assertThat((Object) cache.get("big")).isEqualTo(large);
      assertThat((Object) cache.get("small")).isEqualTo("value");
    }
  }

  @Test
  @DisplayName("bad compress options fail at setup, named; mem:// has no codec and refuses them")
  void badOptions() {
    assertThatThrownBy(() -> cache("&compress=gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad value 'gz' for option compress: expected one of gzip, zlib; did you mean 'gzip'?");
    assertThatThrownBy(() -> cache("&compress_min=100"))
        .hasMessageContaining("option compress_min applies only with compress=gzip or compress=zlib");
    assertThatThrownBy(() -> cache("&compress=zlib&compress_min=-1"))
        .hasMessageContaining("compress_min must be 0 or more, was -1");
    assertThatThrownBy(() -> Cache.create().setup("mem://?compress=gzip"))
        .hasMessageContaining("unknown option 'compress' for mem://");
  }

  @Test
  @DisplayName("a zip bomb planted in the file (100 MB of zeros in ~100 KB) reads as a miss, without inflating it")
  void plantedZipBomb() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFA);
    byte[] zeros = new byte[1 << 20];
    try (OutputStream zlib = new DeflaterOutputStream(out)) {
      for (int i = 0; i < 100; i++) {
        zlib.write(zeros);
      }
    }
    try (Cache cache = cache("&compress=gzip&compress_max=1048576")) {
      cache.setRaw("bomb", out.toByteArray(), null);
      assertThat(assertTimeout(Duration.ofSeconds(20), () -> (Object) cache.get("bomb"))).isNull();
    }
  }
}
