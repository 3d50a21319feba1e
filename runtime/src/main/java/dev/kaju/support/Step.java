package dev.kaju.support;

import java.util.concurrent.CompletableFuture;

/**
 * Used by generated code: one strategy of a cached method, contributed by one annotation and built
 * once in the generated constructor. {@link CachedSite} is the step of {@code @Cached}; each later
 * strategy ({@code @Failover}, {@code @RateLimit}, ...) is a step of its own.
 *
 * <p>Steps compose by calling, outermost first, as cashews' decorators stack: the generated method
 * builds the outermost step's key and calls it with a loader that runs the next step (a private
 * method of the generated class, with that step's own key), down to the delegate:
 *
 * <pre>{@code
 * public Status status(String name) {                 // @Failover over @Cached
 *   String key = "fail:status:" + KeyParts.exact(name);
 *   return statusFailover.call(key, () -> statusCached(name));
 * }
 *
 * private Status statusCached(String name) {
 *   String key = "status:" + KeyParts.exact(name);
 *   return statusCache.call(key, () -> delegate.status(name));
 * }
 * }</pre>
 *
 * A step may call {@code next} once, several times (a retry), or not at all (a hit, a rejection),
 * and may throw; it never runs the delegate itself.
 *
 * @param <T> the method's result type (boxed)
 */
public interface Step<T> {

  /** Runs this step for one call; {@code next} runs the inner steps and finally the method. */
  T call(String key, CachedSite.Loader<T> next);

  /**
   * The same for a method returning a {@code CompletionStage}: never blocks the calling thread on
   * the backend.
   */
  CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next);
}
