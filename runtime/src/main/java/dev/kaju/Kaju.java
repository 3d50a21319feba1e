package dev.kaju;

import dev.kaju.internal.ttl.TtlParser;
import java.time.Duration;

/** The shared default cache and static helpers. */
public final class Kaju {
  private Kaju() {}

  private static final class Shared {
    static final Cache CACHE = Cache.create();
  }

  /**
   * The shared default cache of the application (as cashews' module-level {@code cache}). It starts
   * not set up: call {@code Kaju.cache().setup("mem://")} once at start-up.
   */
  public static Cache cache() {
    return Shared.CACHE;
  }

  /**
   * Parses a TTL: Go style {@code "1d2h3m50s"}, plain seconds {@code "600"}, or ISO-8601
   * {@code "PT10M"}.
   *
   * @throws IllegalArgumentException naming the text when it is not a valid, positive TTL
   */
  public static Duration ttl(String text) {
    return TtlParser.parse(text);
  }

  /**
   * cashews' {@code invalidate_further()}: until the scope closes, every read on this thread, of
   * any cache, deletes what it reads and answers a miss ({@code get} returns {@code null} or the
   * default, {@code getMany} nulls, {@code getMatch} nothing), so cached methods called in the
   * scope run and store their result afresh. Writes work as usual.
   *
   * <pre>{@code
   * try (var s = Kaju.invalidateFurther()) {
   *   catalog.items(1);   // recomputed and stored again
   * }
   * }</pre>
   */
  public static Cache.Scope invalidateFurther() {
    return dev.kaju.internal.Further.open();
  }

  /**
   * {@code value} with the glob metacharacters {@code * ? [ ] \} escaped, to put a value into a
   * pattern safely: {@code cache.deleteMatch("user:" + Kaju.escapePattern(id) + ":*")} deletes one
   * user's keys even when {@code id} is {@code "*"} (which would otherwise delete every user's).
   */
  public static String escapePattern(String value) {
    return dev.kaju.spi.GlobPattern.escape(java.util.Objects.requireNonNull(value, "value"));
  }
}
