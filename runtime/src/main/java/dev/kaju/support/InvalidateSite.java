package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.spi.GlobPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Invalidate} (cashews' {@code invalidate}). After the
 * method returns normally, every key matching one of its patterns is deleted: a pattern without a
 * wildcard is one {@code delete}, any other a {@code deleteMatch}. The generated code renders the
 * patterns with the call's arguments escaped ({@code Kaju.escapePattern}), so a {@code *} in an
 * argument matches only itself.
 *
 * <pre>{@code
 * delegate.save(id, user);
 * saveInvalidate.invalidate("user:" + Kaju.escapePattern(KeyParts.of(id)), "items:page:*");
 * }</pre>
 *
 * A method that throws invalidates nothing. A failure to delete reaches the caller: the method's
 * change is made, and the caller must know the cache may still hold what it replaced.
 */
public final class InvalidateSite {
  private static final String STRATEGY = "invalidate";
  private final Cache cache;
  private final SiteAccess access;
  private final String name;

  private InvalidateSite(Cache cache, String name) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.access = SiteAccess.of(cache);
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The {@code @Invalidate} step of a method; {@code name} is {@code Interface.method}. */
  public static InvalidateSite of(Cache cache, String name) {
    return new InvalidateSite(cache, name);
  }

  /** Deletes the keys matching each pattern (rendered glob patterns). */
  public void invalidate(String... patterns) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
      for (String pattern : patterns) {
        GlobPattern glob = GlobPattern.compile(pattern);
        if (glob.literal()) {
          cache.delete(glob.literalPrefix());
        } else {
          cache.deleteMatch(pattern);
        }
      }
    }
  }

  /**
   * For a method returning a {@code CompletionStage}: once {@code result} completes normally, the
   * keys are deleted (without blocking a thread on a backend doing I/O), and the returned future
   * completes with the method's result after that; a failed result invalidates nothing.
   */
  public <T> CompletableFuture<T> after(@Nullable CompletionStage<T> result, String... patterns) {
    if (result == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(name + " returned a null CompletionStage; return a completed future instead"));
    }
    return result.toCompletableFuture().thenCompose(value -> {
      List<CompletableFuture<?>> deletes = new ArrayList<>();
      try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
        for (String pattern : patterns) {
          GlobPattern glob = GlobPattern.compile(pattern);
          boolean io = access.blocking(glob.literalPrefix().isEmpty() ? pattern : glob.literalPrefix());
          if (!io) {
            invalidate(pattern);
          } else if (glob.literal()) {
            deletes.add(cache.async().delete(glob.literalPrefix()).toCompletableFuture());
          } else {
            deletes.add(cache.async().deleteMatch(pattern).toCompletableFuture());
          }
        }
      }
      return CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0])).thenApply(done -> value);
    });
  }

  @Override
  public String toString() {
    return "InvalidateSite[" + name + "]";
  }
}
