package dev.kaju.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * In-process thunder protection of a step (cashews' {@code protected=True}): concurrent calls of
 * one key share the first one's computation. A caller that joined another's computation did not
 * run the method itself, so when its step is inner it reports the result as served: the steps
 * around it do not store it a second time.
 */
final class Flights<T> {
  private final ConcurrentHashMap<String, Served.Future<T>> running = new ConcurrentHashMap<>();

  /** Synchronous methods. */
  interface Work<T> {
    T run() throws Throwable;
  }

  /** Runs {@code work} unless a call of {@code key} is running already, whose outcome is then shared. */
  T call(String key, boolean inner, Work<T> work) {
    Served.Future<T> mine = new Served.Future<>();
    Served.Future<T> other = running.putIfAbsent(key, mine);
    if (other != null) {
      T value;
      try {
        value = other.join();
      } catch (CompletionException e) {
        throw Sites.sneaky(Sites.unwrap(e));
      }
      if (inner) {
        Served.mark();
      }
      return value;
    }
    try {
      T value = work.run();
      running.remove(key, mine);
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      running.remove(key, mine);
      mine.completeExceptionally(t);
      throw Sites.sneaky(t);
    }
  }

  /**
   * The same for asynchronous methods: {@code work} returns a future that is {@link
   * Served.Future#completeServed served} when its value came from the store.
   */
  CompletableFuture<T> callAsync(String key, boolean inner, Supplier<CompletableFuture<T>> work) {
    Served.Future<T> mine = new Served.Future<>();
    Served.Future<T> other = running.putIfAbsent(key, mine);
    Served.Future<T> out = new Served.Future<>();
    if (other != null) {
      other.whenComplete((value, error) -> {
        if (error != null) {
          out.completeExceptionally(Sites.unwrap(error));
        } else if (inner) {
          out.completeServed(value);
        } else {
          out.complete(value);
        }
      });
      return out;
    }
    CompletableFuture<T> started;
    try {
      started = work.get();
    } catch (Throwable t) {
      started = CompletableFuture.failedFuture(t);
    }
    CompletableFuture<T> done = started;
    done.whenComplete((value, error) -> {
      running.remove(key, mine); // before completing, so a caller reacting to the result starts afresh
      if (error != null) {
        mine.completeExceptionally(Sites.unwrap(error));
        out.completeExceptionally(Sites.unwrap(error));
      } else if (Served.from(done)) {
        mine.completeServed(value);
        complete(out, value, inner);
      } else {
        mine.complete(value);
        out.complete(value);
      }
    });
    return out;
  }

  private static <T> void complete(Served.Future<T> out, T value, boolean served) {
    if (served) {
      out.completeServed(value);
    } else {
      out.complete(value);
    }
  }
}
