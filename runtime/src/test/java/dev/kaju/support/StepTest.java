package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("steps compose by calling: an outer step around the @Cached step, as generated code chains them")
class StepTest {

  /** A stand-in for a later strategy: records each call and passes it on. */
  static final class Recording<T> implements Step<T> {
    final List<String> calls = new ArrayList<>();

    @Override
    public T call(String key, CachedSite.Loader<T> next) {
      calls.add(key);
      try {
        return next.load();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    @Override
    public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next) {
      calls.add(key);
      try {
        return next.load().toCompletableFuture();
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    }
  }

  @Test
  @DisplayName("the outer step sees every call with its own key; the @Cached step answers hits without the method")
  void outerAroundCached() throws Exception {
    try (Cache cache = Cache.create().setup("mem://")) {
      Recording<String> outer = new Recording<>();
      Step<String> cached = CachedSite.<String>builder(cache, "Svc.status").type(String.class).build();
      int[] delegateCalls = {0};
      // what a generated method for @Outer over @Cached does
      java.util.function.Supplier<String> status = () -> outer.call("outer:status", () ->
          cached.call("status", () -> "ok#" + (++delegateCalls[0])));
      assertThat(status.get()).isEqualTo("ok#1");
      assertThat(status.get()).isEqualTo("ok#1");
      assertThat(outer.calls).containsExactly("outer:status", "outer:status");
      assertThat(delegateCalls[0]).isEqualTo(1);

      CompletableFuture<String> async = outer.callAsync("outer:a", () ->
          cached.callAsync("a", () -> CompletableFuture.completedFuture("async#" + (++delegateCalls[0]))));
      assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo("async#2");
      assertThat((Object) cache.get("a")).isEqualTo("async#2");
    }
  }
}
