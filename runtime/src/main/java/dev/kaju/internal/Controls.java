package dev.kaju.internal;

import dev.kaju.Cache.Scope;
import dev.kaju.Callback;
import dev.kaju.Command;
import dev.kaju.Detect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The control scopes of a cache: commands disabled on a thread ({@code disabling}), callbacks, and
 * detect scopes, with the {@link #hooks} flag that sends every command the slow way while any of
 * them is open, and the after-hooks that report each command to them.
 */
final class Controls {
  private final CopyOnWriteArrayList<CallbackScope> callbacks = new CopyOnWriteArrayList<>();
  private final AtomicInteger threadScopes = new AtomicInteger();
  /** True when a callback or a thread scope is open: every command takes the slow path. */
  private volatile boolean hooks;
  private final Object hooksLock = new Object();

  private final ThreadLocal<ThreadState> local = ThreadLocal.withInitial(ThreadState::new);
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofSeconds(10));

  /** One thread's scopes; {@link Pipeline#lookup} and {@link #attribute} set the strategy fields around a generated call's commands. */
  static final class ThreadState {
    private long disabled;
    private final List<DetectScope> detects = new ArrayList<>(2);
    /** The strategy and TTL of the generated call being looked up, for detect. */
    @Nullable String strategy;
    @Nullable Duration strategyTtl;
    /** The transaction open on this thread, which the pipeline hands its commands to. */
    @Nullable Tx tx;
  }

  /** True when a callback or a thread scope is open anywhere: no command may skip the slow path. */
  boolean hooks() {
    return hooks;
  }

  /** The bits of {@code commands}; every command when there are none. */
  static long mask(Command... commands) {
    Objects.requireNonNull(commands, "commands");
    if (commands.length == 0) {
      return Route.ALL;
    }
    long m = 0;
    for (Command c : commands) {
      m |= 1L << Objects.requireNonNull(c, "command").ordinal();
    }
    return m;
  }

  /** True when {@code c} is disabled on the route or, by a {@code disabling} scope, on this thread. */
  boolean disabled(Route r, Command c) {
    long bit = 1L << c.ordinal();
    if ((r.disabled & bit) != 0) {
      return true;
    }
    return threadScopes.get() > 0 && (local.get().disabled & bit) != 0;
  }

  /** True when any command of {@code mask} is disabled on the route (if any) or on this thread. */
  boolean isDisabled(@Nullable Route r, long mask) {
    long d = (r == null ? 0 : r.disabled) | (threadScopes.get() > 0 ? local.get().disabled : 0);
    return (d & mask) != 0;
  }

  /** This thread's state when a detect scope is open on it, to tag the lookup it records; else null. */
  @Nullable ThreadState detecting() {
    if (threadScopes.get() > 0) {
      ThreadState state = local.get();
      if (!state.detects.isEmpty()) {
        return state;
      }
    }
    return null;
  }

  /**
   * Recomputes {@link #hooks} after a callback or scope opened or closed. Under a lock: two updates
   * racing unlocked could write their answers in the wrong order (one computed before the other's
   * change), leaving {@code hooks} false while a callback is open, so its calls were skipped. Every
   * change precedes its own locked update, so the last update sees every change.
   */
  private void updateHooks() {
    synchronized (hooksLock) {
      hooks = !callbacks.isEmpty() || threadScopes.get() > 0;
    }
  }

  /** Reports a command that ran to the callbacks and this thread's detect scopes. */
  void after(Route r, Command.Call<?> call, @Nullable Object result) {
    after(r, call, result, threadScopes.get() > 0 ? local.get().detects : List.of());
  }

  /**
   * The detect scopes open on this thread now, for a command that completes on another thread (the
   * async path) to report to the scopes of the thread that started it.
   */
  List<DetectScope> detectsNow() {
    return threadScopes.get() > 0 && !local.get().detects.isEmpty() ? List.copyOf(local.get().detects) : List.of();
  }

  /** No attribution: what {@link #attribute} returns while no detect scope is open on this thread. */
  private static final dev.kaju.Cache.Scope UNATTRIBUTED = () -> {};

  /**
   * Until the returned scope closes, {@code detect} reports the commands this thread issues (and
   * the asynchronous ones it starts) as made by {@code strategy} with {@code ttl}; closing restores
   * the attribution before, so a step's commands inside another step's are reported as its own. A
   * constant no-op when no detect scope is open on this thread, which is the usual case.
   */
  dev.kaju.Cache.Scope attribute(String strategy, @Nullable Duration ttl) {
    ThreadState state = detecting();
    boolean kept = Attribution.on(); // for the middlewares that read it
    if (state == null && !kept) {
      return UNATTRIBUTED;
    }
    String keptBefore = kept ? Attribution.set(strategy) : null;
    if (state == null) {
      return () -> Attribution.restore(keptBefore);
    }
    String strategyBefore = state.strategy;
    Duration ttlBefore = state.strategyTtl;
    state.strategy = strategy;
    state.strategyTtl = ttl;
    return () -> {
      state.strategy = strategyBefore;
      state.strategyTtl = ttlBefore;
      if (kept) {
        Attribution.restore(keptBefore);
      }
    };
  }

  /** The attribution of this thread now (see {@link #attribute}), carried by an asynchronous command; {@code null}: none. */
  @Nullable Origin originNow() {
    ThreadState state = detecting();
    return state == null || state.strategy == null ? null : new Origin(state.strategy, state.strategyTtl);
  }

  /**
   * The cached method a lookup on the async path was made for, carried to the thread that hears
   * its result, where the thread-local tag of {@link Pipeline#lookup} is not set.
   */
  record Origin(String strategy, @Nullable Duration ttl) {}

  /** As {@link #after(Route, Command.Call, Object)}, reporting to {@code detects}. */
  void after(Route r, Command.Call<?> call, @Nullable Object result, List<DetectScope> detects) {
    after(r, call, result, detects, null);
  }

  /** As {@link #after(Route, Command.Call, Object, List)}, tagging what detect records with {@code origin}. */
  @SuppressWarnings("unchecked")
  void after(Route r, Command.Call<?> call, @Nullable Object result, List<DetectScope> detects, @Nullable Origin origin) {
    if (callbacks.isEmpty() && detects.isEmpty()) {
      return;
    }
    if (call instanceof Command.Commit) { // a transaction's writes: heard one by one
      for (Command.Call<?> write : ((Command.Commit) call).writes()) {
        after(r, write, null, detects, origin);
      }
      return;
    }
    Command c = call.command();
    boolean lazy = c == Command.SCAN || c == Command.GET_MATCH;
    Object shown = lazy ? null : unwrapResult(result);
    if (call instanceof Command.GetMany || call instanceof Command.DeleteMany) {
      List<String> keys = call instanceof Command.GetMany ? ((Command.GetMany) call).keys() : ((Command.DeleteMany) call).keys();
      for (int i = 0; i < keys.size(); i++) {
        Object each = c == Command.GET_MANY ? ((List<Object>) shown).get(i) : shown;
        notify(r, c, keys.get(i), each, c == Command.GET_MANY && ((List<Object>) result).get(i) != null, detects, origin);
      }
    } else if (call instanceof Command.SetMany) {
      for (String key : ((Command.SetMany) call).values().keySet()) {
        notify(r, c, key, null, false, detects, origin);
      }
    } else {
      String key = call.key();
      String subject = key != null ? key : call.pattern() != null ? call.pattern() : "";
      notify(r, c, subject, shown, c.isRead() && !lazy && result != null, detects, origin);
    }
  }

  private static @Nullable Object unwrapResult(@Nullable Object result) {
    if (result instanceof List) {
      List<?> list = (List<?>) result;
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(NullValue.unwrap(o));
      }
      return out;
    }
    return NullValue.unwrap(result);
  }

  private void notify(
      Route r, Command c, String key, @Nullable Object result, boolean hit, List<DetectScope> detects, @Nullable Origin origin) {
    for (CallbackScope cb : callbacks) {
      if ((cb.mask & (1L << c.ordinal())) != 0) {
        try {
          cb.callback.onResult(c, key, result);
        } catch (RuntimeException | Error e) {
          log.warn("a callback failed on " + c + " '" + key + "'; the command's result stands", e);
        }
      }
    }
    if (!detects.isEmpty()) {
      String strategy;
      Duration strategyTtl;
      if (origin != null) {
        strategy = origin.strategy();
        strategyTtl = origin.ttl();
      } else {
        ThreadState state = local.get();
        strategy = state.strategy;
        strategyTtl = state.strategyTtl;
      }
      Detect.Call call = new Detect.Call(key, c, r.name, hit, strategy, strategyTtl);
      for (DetectScope d : detects) {
        d.record(call);
      }
    }
  }

  // ---------------------------------------------------------------- transactions

  /** The transaction open on this thread, or {@code null}; only asked while {@link #hooks()} is on. */
  @Nullable Tx transaction() {
    return threadScopes.get() > 0 ? local.get().tx : null;
  }

  /** Binds {@code tx} to this thread: every command of the thread takes the slow path to it until it ends. */
  void beginTransaction(Tx tx) {
    ThreadState state = local.get();
    if (state.tx != null) {
      throw new IllegalStateException("a transaction is already open on this thread");
    }
    state.tx = tx;
    threadScopes.incrementAndGet();
    updateHooks();
  }

  void endTransaction(Tx tx) {
    ThreadState state = local.get();
    if (state.tx == tx) {
      state.tx = null;
      threadScopes.decrementAndGet();
      updateHooks();
    }
  }

  void warn(String message, Throwable cause) {
    log.warn(message, cause);
  }

  // ---------------------------------------------------------------- scopes

  /** Disables the commands of {@code mask} on this thread until the scope closes. */
  Scope disabling(long mask) {
    ThreadState state = local.get();
    long previous = state.disabled;
    state.disabled |= mask;
    threadScopes.incrementAndGet();
    updateHooks();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        state.disabled = previous;
        threadScopes.decrementAndGet();
        updateHooks();
      }
    };
  }

  Scope callback(Callback callback, long mask) {
    CallbackScope scope = new CallbackScope(callback, mask);
    callbacks.add(scope);
    updateHooks();
    return scope;
  }

  private final class CallbackScope implements Scope {
    final Callback callback;
    final long mask;

    CallbackScope(Callback callback, long mask) {
      this.callback = callback;
      this.mask = mask;
    }

    @Override
    public void close() {
      if (callbacks.remove(this)) {
        updateHooks();
      }
    }
  }

  Detect detect() {
    ThreadState state = local.get();
    DetectScope d = new DetectScope(state);
    state.detects.add(d);
    threadScopes.incrementAndGet();
    updateHooks();
    return d;
  }

  final class DetectScope implements Detect {
    private final ThreadState state;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    DetectScope(ThreadState state) {
      this.state = state;
    }

    void record(Call call) {
      calls.add(call);
    }

    @Override
    public Map<String, List<Call>> calls() {
      Map<String, List<Call>> byKey = new LinkedHashMap<>();
      for (Call c : calls) {
        byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
      return byKey;
    }

    @Override
    public List<Call> list() {
      return List.copyOf(calls);
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        state.detects.remove(this);
        threadScopes.decrementAndGet();
        updateHooks();
      }
    }
  }
}
