package dev.kaju;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Records what the cache did for each key while open, on the thread that opened it (as cashews'
 * {@code cache.detect}). Nested detectors each see their own calls and the outer one sees the inner
 * ones' too.
 *
 * <pre>{@code
 * try (Detect d = cache.detect()) {
 *   users.profile(request);
 *   assertThat(d.calls().get("user:42")).anyMatch(Detect.Call::hit);
 * }
 * }</pre>
 */
public interface Detect extends Cache.Scope {

  /** Calls per key, keys in first-seen order, calls in order. */
  Map<String, List<Call>> calls();

  /** Every call in order. */
  List<Call> list();

  /**
   * One command on one key.
   *
   * @param key the key (or pattern)
   * @param command the command
   * @param backend the backend that answered, as set up (its URL without query, and prefix)
   * @param hit for reads, whether a value was found; {@code false} for other commands
   * @param strategy the strategy that issued the command (set by generated code), or {@code null}
   * @param ttl the TTL the strategy stores with, or {@code null}
   */
  record Call(
      String key,
      Command command,
      String backend,
      boolean hit,
      @Nullable String strategy,
      @Nullable Duration ttl) {}
}
