package dev.kaju.support;

import dev.kaju.RateLimitException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A rate limit's refusal, telling which step refused (so a step's fallback answers its own
 * refusals only, and an inner step's pass through), and the fallback logic both rate limits share.
 */
final class Refusal extends RateLimitException {
  private static final long serialVersionUID = 1L;
  private final transient Object site;

  Refusal(String message, Object site) {
    super(message);
    this.site = site;
  }

  private static boolean of(Throwable t, Object site) {
    return t instanceof Refusal && ((Refusal) t).site == site;
  }

  /** Runs {@code call}; a refusal by {@code site} is answered by {@code fallback}, reported served when inner. */
  static <T> T orFallback(Object site, boolean inner, CachedSite.Loader<T> call, CachedSite.Loader<T> fallback) {
    try {
      return call.load();
    } catch (Throwable e) {
      if (!of(e, site)) {
        throw Sites.sneaky(e);
      }
    }
    T answer;
    try {
      answer = fallback.load();
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
    if (inner) {
      Served.mark(); // an outer step never stores the fallback's answer
    }
    return answer;
  }

  /** The same for a method returning a {@code CompletionStage}: {@code first} is the step's own call. */
  static <T> CompletableFuture<T> orFallbackAsync(
      Object site, String name, boolean inner, CompletableFuture<T> first, CachedSite.AsyncLoader<T> fallback) {
    Served.Future<T> out = new Served.Future<>();
    first.whenComplete((value, error) -> {
      Throwable cause = error == null ? null : Sites.unwrap(error);
      if (cause == null) {
        if (Served.from(first)) { // passes on what the inner steps reported
          out.completeServed(value);
        } else {
          out.complete(value);
        }
        return;
      }
      if (!of(cause, site)) {
        out.completeExceptionally(cause);
        return;
      }
      CompletionStage<T> answer;
      try {
        answer = fallback.load();
      } catch (Throwable t) {
        answer = CompletableFuture.failedFuture(t);
      }
      if (answer == null) {
        answer = CompletableFuture.failedFuture(new NullPointerException(name + ": the rate-limit fallback returned a null CompletionStage"));
      }
      answer.whenComplete((v, e) -> {
        if (e != null) {
          out.completeExceptionally(Sites.unwrap(e));
        } else if (inner) {
          out.completeServed(v);
        } else {
          out.complete(v);
        }
      });
    });
    return out;
  }
}
