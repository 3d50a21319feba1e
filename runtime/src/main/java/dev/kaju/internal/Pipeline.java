package dev.kaju.internal;

import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.spi.Backend;
import dev.kaju.internal.Controls.DetectScope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The slow path of a command: disabled check, the route's middleware chain (or the backend when
 * there is none), then the after-hooks of {@link Controls} when any is open.
 */
final class Pipeline {
  private final Controls controls;

  Pipeline(Controls controls) {
    this.controls = controls;
  }

  @Nullable Object exec(Route r, Command.Call<?> call) {
    if (controls.hooks()) {
      Tx tx = controls.transaction();
      if (tx != null) {
        return tx.handle(r, call);
      }
    }
    return execDirect(r, call);
  }

  /** {@link #exec} past any transaction: what a transaction itself sends to the backends. */
  @Nullable Object execDirect(Route r, Command.Call<?> call) {
    if (controls.disabled(r, call.command())) {
      return call.disabled();
    }
    Object result = r.middlewares.length == 0 ? call.apply(r.backend) : r.chains[0].proceed(call);
    if (controls.hooks()) {
      controls.after(r, call, result);
    }
    return result;
  }

  /**
   * The asynchronous path of a command: the same disabled check and middlewares, but the backend
   * runs the call through {@link Backend#executeAsync}, so the caller's thread never waits for I/O.
   * Middlewares run on the caller's thread; their {@code chain.proceed} returns a {@code
   * CompletionStage} of the result ({@link Middleware.Chain#async()} says so), and a middleware
   * answering by itself may return a plain result. Callbacks and the detect scopes open on the
   * calling thread hear the result when it arrives.
   */
  CompletionStage<@Nullable Object> execAsync(Route r, Command.Call<?> call) {
    return execAsync(r, call, controls.hooks() ? controls.originNow() : null);
  }

  /** {@link #execAsync(Route, Command.Call)} for a generated method's lookup: detect records its strategy and TTL. */
  CompletionStage<@Nullable Object> execAsync(Route r, Command.Call<?> call, Controls.@Nullable Origin origin) {
    if (controls.hooks()) {
      Tx tx = controls.transaction();
      // a command started inside a transaction belongs to it: answered through its buffer, unless it
      // owes the buffer nothing (a read of keys the transaction has not written goes on, unblocked)
      if (tx != null && !tx.passesThrough(call)) {
        try {
          return CompletableFuture.completedFuture(tx.handle(r, call));
        } catch (RuntimeException | Error e) {
          return CompletableFuture.failedFuture(e);
        }
      }
    }
    if (controls.disabled(r, call.command())) {
      return CompletableFuture.completedFuture(call.disabled());
    }
    CompletionStage<Object> stage;
    // a generated lookup's strategy, for the middlewares that read it (they run on this thread)
    boolean attributing = origin != null && r.attributed;
    String before = attributing ? Attribution.set(origin.strategy()) : null;
    try {
      stage = r.middlewares.length == 0 ? backendAsync(r, call) : stage(new AsyncChain(r, 0).proceed(call));
    } catch (RuntimeException | Error e) {
      stage = CompletableFuture.failedFuture(e);
    } finally {
      if (attributing) {
        Attribution.restore(before);
      }
    }
    if (!controls.hooks()) {
      return stage;
    }
    List<DetectScope> detects = controls.detectsNow();
    return stage.whenComplete((result, error) -> {
      if (error == null) {
        controls.after(r, call, result, detects, origin);
      }
    });
  }

  /** {@link #execAsync}, checking that the result (a middleware's, perhaps) is a {@code type}. */
  <T> CompletionStage<T> execAsync(Route r, Command.Call<?> call, Class<T> type) {
    return execAsync(r, call).thenApply(result -> as(type, result, call.command()));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> backendAsync(Route r, Command.Call<?> call) {
    CompletionStage<?> stage = r.backend.executeAsync(call);
    return stage == null
        ? CompletableFuture.failedFuture(new NullPointerException(r.backend + " returned no stage for " + call.command()))
        : (CompletionStage<Object>) stage;
  }

  /** A middleware's answer on the async path: its stage, or a plain result as a completed one. */
  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stage(@Nullable Object answer) {
    return answer instanceof CompletionStage ? (CompletionStage<Object>) answer : CompletableFuture.completedFuture(answer);
  }

  /** {@link #exec}, checking that the result (a middleware's, perhaps) is a {@code type}. */
  <T> T exec(Route r, Command.Call<?> call, Class<T> type) {
    return as(type, exec(r, call), call.command());
  }

  /** A {@code GET} through the route's middlewares (or its disabled check). */
  @Nullable Object get(Route r, String key) {
    return controls.hooks() ? exec(r, new Command.Get(key)) : getUnhooked(r, key);
  }

  /**
   * A {@code GET} for generated code: when a detect scope is open on this thread, the calls it
   * records carry the cached method's strategy and TTL.
   */
  @Nullable Object lookup(Route r, String key, String strategy, @Nullable Duration ttl) {
    if (r.attributed) {
      return lookupAttributed(r, key, strategy, ttl);
    }
    return controls.hooks() ? lookupHooked(r, key, strategy, ttl) : getUnhooked(r, key);
  }

  /** {@link #lookup} on a route whose middlewares read the strategy ({@link Attribution}). */
  private @Nullable Object lookupAttributed(Route r, String key, String strategy, @Nullable Duration ttl) {
    String before = Attribution.set(strategy);
    try {
      return controls.hooks() ? lookupHooked(r, key, strategy, ttl) : getUnhooked(r, key);
    } finally {
      Attribution.restore(before);
    }
  }

  /**
   * A {@code GET} while no callback or thread scope is open (the usual case): its {@code Get} goes
   * down the chain and nowhere else, so once the JIT has inlined the chain it allocates nothing.
   * {@link #exec}, which hands the call to the after-hooks, keeps it; the hooked paths therefore
   * build their own {@code Get}, so that this one never shares an allocation with them.
   */
  private @Nullable Object getUnhooked(Route r, String key) {
    return controls.disabled(r, Command.GET) ? null : r.chains[0].proceed(new Command.Get(key));
  }

  /** {@link #lookup} while a callback or a thread scope is open somewhere: out of line, off the hit path. */
  private @Nullable Object lookupHooked(Route r, String key, String strategy, @Nullable Duration ttl) {
    Controls.ThreadState state = controls.detecting();
    if (state == null) {
      return exec(r, new Command.Get(key));
    }
    String strategyBefore = state.strategy;
    Duration ttlBefore = state.strategyTtl;
    state.strategy = strategy;
    state.strategyTtl = ttl;
    try {
      return exec(r, new Command.Get(key));
    } finally {
      state.strategy = strategyBefore;
      state.strategyTtl = ttlBefore;
    }
  }

  static <T> T as(Class<T> type, @Nullable Object result, Command c) {
    if (type.isInstance(result)) {
      return type.cast(result);
    }
    throw new IllegalStateException(
        "a middleware returned " + (result == null ? "null" : "a " + result.getClass().getName()) + " for " + c
            + "; it must return a " + type.getSimpleName());
  }

  /**
   * The links of a route's synchronous chain, built once with the route so that a command through
   * its middlewares allocates no chain object: link {@code i} calls middleware {@code i}, the last
   * one the backend.
   *
   * <p>The last link is a class of its own ({@link Tail}), not a {@link Link} at index {@code
   * length}: with one class for both, {@code Link.proceed} called itself through the middleware
   * and the JIT, which inlines a recursive call only one level deep, left the call to the backend
   * out of line, so the command escaped into it and was allocated on every call.
   */
  static Middleware.Chain[] chains(Route route) {
    Middleware.Chain[] links = new Middleware.Chain[route.middlewares.length + 1];
    links[route.middlewares.length] = new Tail(route.backend);
    for (int i = route.middlewares.length - 1; i >= 0; i--) {
      links[i] = new Link(route.middlewares[i], links[i + 1], route.backend);
    }
    return links;
  }

  /** A link that calls one middleware with the rest of the chain. */
  private static final class Link implements Middleware.Chain {
    private final Middleware middleware;
    private final Middleware.Chain next;
    private final Backend backend;

    Link(Middleware middleware, Middleware.Chain next, Backend backend) {
      this.middleware = middleware;
      this.next = next;
      this.backend = backend;
    }

    @Override
    public @Nullable Object proceed(Command.Call<?> call) {
      return middleware.handle(Objects.requireNonNull(call, "call"), next);
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public boolean async() {
      return false;
    }
  }

  /**
   * The end of a synchronous chain: the backend runs the call. There is deliberately no {@code
   * instanceof Command.Get} shortcut here: on the hit path the JIT knows the exact class of the
   * {@code Get} it just built and binds {@code call.apply} directly anyway, while a route that
   * carries many commands leaves this site megamorphic, which keeps this method's own compiled
   * code small. A shortcut would inline the backend's read into it, and once compiled on its own
   * that big, the JIT refuses to inline it into the hit path ("already compiled into a big
   * method"), so the {@code Get} escaped again.
   */
  private static final class Tail implements Middleware.Chain {
    private final Backend backend;

    Tail(Backend backend) {
      this.backend = backend;
    }

    @Override
    public @Nullable Object proceed(Command.Call<?> call) {
      return Objects.requireNonNull(call, "call").apply(backend);
    }

    @Override
    public Backend backend() {
      return backend;
    }

    @Override
    public boolean async() {
      return false;
    }
  }

  /** The async path's chain: past the last middleware, the backend's {@code executeAsync}. */
  private static final class AsyncChain implements Middleware.Chain {
    private final Route route;
    private final int i;

    AsyncChain(Route route, int i) {
      this.route = route;
      this.i = i;
    }

    @Override
    public Object proceed(Command.Call<?> call) {
      Objects.requireNonNull(call, "call");
      if (i == route.middlewares.length) {
        return backendAsync(route, call);
      }
      return stage(route.middlewares[i].handle(call, new AsyncChain(route, i + 1)));
    }

    @Override
    public Backend backend() {
      return route.backend;
    }

    @Override
    public boolean async() {
      return true;
    }
  }
}
