package dev.kaju;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Values that key templates read with {@code {@:get(name)}}, for the calls made on this thread
 * inside the scope (cashews' {@code key_context}). Scopes nest: an inner scope sees the outer
 * values and may override them; closing it restores the outer ones.
 *
 * <pre>{@code
 * try (KeyContext.Scope s = KeyContext.with("client_id", 135356)) {
 *   service.items(1);             // key "items:135356:1" for key = "items:{@:get(client_id)}:{page}"
 * }
 * }</pre>
 *
 * Keys are built on the calling thread before the method runs, so the values also reach methods
 * returning a {@code CompletionStage}. Work Kaju moves to another thread ({@code @Early} and
 * {@code @Hit} background recomputations, the async continuations of {@code @Soft}, {@code @Early}
 * and {@code @Hit}) reopens the caller's values there ({@link #snapshot}).
 *
 * <p>A cached method whose key reads a name that no open scope sets fails with an {@code
 * IllegalStateException} naming it, before the method runs: rendering it as an empty string would
 * let every caller without, say, a tenant share one entry. A name set to {@code null} renders as
 * {@code ""}, like any {@code null} in a template.
 */
public final class KeyContext {
  private static final ThreadLocal<Map<String, Object>> CURRENT = new ThreadLocal<>();

  private KeyContext() {}

  /** Opens a scope where {@code name} is {@code value}. */
  public static Scope with(String name, @Nullable Object value) {
    Objects.requireNonNull(name, "name");
    return with(singleton(name, value));
  }

  /** Opens a scope with every pair of {@code values}. */
  public static Scope with(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    Map<String, Object> outer = CURRENT.get();
    Map<String, Object> merged = outer == null ? new HashMap<>() : new HashMap<>(outer);
    values.forEach((k, v) -> merged.put(Objects.requireNonNull(k, "name"), v));
    CURRENT.set(merged);
    return new Scope(outer);
  }

  private static Map<String, Object> singleton(String name, @Nullable Object value) {
    Map<String, Object> m = new HashMap<>(2);
    m.put(name, value);
    return m;
  }

  /**
   * The values of the scopes open on this thread (empty when none is), unmodifiable: to carry them
   * to work done on another thread, reopened there with {@link #with(Map)}. Kaju's background
   * recomputations ({@code @Early}, {@code @Hit}) do so.
   */
  public static Map<String, Object> snapshot() {
    Map<String, Object> m = CURRENT.get();
    // a scope's map is never changed once set: a view of it is a snapshot
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  /** The value of {@code name} in the current scope, or {@code null}. */
  public static @Nullable Object get(String name) {
    Map<String, Object> m = CURRENT.get();
    return m == null ? null : m.get(name);
  }

  /** Whether {@code name} is set in the current scope (to a value or to {@code null}). */
  public static boolean contains(String name) {
    Map<String, Object> m = CURRENT.get();
    return m != null && m.containsKey(name);
  }

  /** An open key context; {@code close()} restores the outer one. */
  public static final class Scope implements AutoCloseable {
    private final @Nullable Map<String, Object> outer;
    private boolean closed;

    private Scope(@Nullable Map<String, Object> outer) {
      this.outer = outer;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (outer == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(outer);
        }
      }
    }
  }
}
