package dev.kaju.internal;

import dev.kaju.Command;
import dev.kaju.Transaction;
import dev.kaju.TransactionMode;
import dev.kaju.TransactionTimeoutException;
import dev.kaju.spi.Backend;
import dev.kaju.spi.GlobPattern;
import dev.kaju.spi.UnsignedCounter;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One cache transaction (cashews' {@code TransactionBackend}): the commands its thread sends to the
 * cache ({@link Pipeline} hands them here) read through a buffer of its writes, and the writes
 * reach the backends only at {@link #commit()}, in cashews' order: pattern deletes, deletes, then
 * writes with what is left of their TTLs. Commands outside the transactional set (locks, bit
 * counters, sets, ...) go straight to the backend.
 *
 * <p>{@code LOCKED} takes {@code :tx_lock:<key>} in the key's backend on the first write of each
 * key (for {@code incr}, before reading it); {@code SERIALIZABLE} takes {@code :serializable:lock}
 * when it opens. A lock is held with the transaction's timeout as its TTL and waited for (tried
 * again after 0.1 ms, then twice as long each time up to 50 ms) until the timeout; each is released at commit or rollback. A lock is never assumed:
 * only a backend's {@code SET_LOCK} answering yes counts.
 */
final class Tx implements Transaction {
  private static final Object DELETED = new Object();
  private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long FIRST_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  /** The holder of a lock: this JVM's random prefix and a counter. */
  private static final String TOKEN_PREFIX = UUID.randomUUID() + ":";
  private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();

  /** A buffered write of one key. */
  private static final class Write {
    final Route route;
    /** The value as the backend would hold it, or {@link #DELETED}; {@code null} for an increment of the stored value. */
    @Nullable Object value;
    /** For an increment of the stored value ({@code value == null}): the total added. */
    long delta;
    /** The stored value the increments start from. */
    long base;
    @Nullable Duration ttl;
    /** When the TTL started (nanoTime). */
    long since;
    /** An {@code expire} of a stored value the transaction did not write. */
    @Nullable Duration expire;

    Write(Route route) {
      this.route = route;
    }
  }

  private record Held(Route route, String key, String token) {}

  private final Pipeline pipeline;
  private final Routes routes;
  private final Controls controls;
  private final TransactionMode mode;
  private final Duration timeout;
  private final long deadline;
  private final Map<String, Write> writes = new LinkedHashMap<>();
  private final List<Map.Entry<Route, GlobPattern>> deletedPatterns = new ArrayList<>();
  private final Map<String, Held> locks = new LinkedHashMap<>();
  private boolean ended;
  private boolean rollbackOnly;

  Tx(Pipeline pipeline, Routes routes, Controls controls, TransactionMode mode, Duration timeout) {
    this.pipeline = pipeline;
    this.routes = routes;
    this.controls = controls;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a transaction's timeout must be positive, was " + timeout);
    }
    this.deadline = System.nanoTime() + Math.min(timeout.toNanos(), TimeUnit.DAYS.toNanos(365));
  }

  /** Binds this transaction to the thread and, for {@code SERIALIZABLE}, takes the cache's lock. */
  Tx begin() {
    controls.beginTransaction(this);
    if (mode == TransactionMode.SERIALIZABLE) {
      try {
        lock(routes.route(""), ":serializable:lock");
      } catch (RuntimeException | Error e) {
        end();
        throw e;
      }
    }
    return this;
  }

  /** Takes this transaction off its thread, open: it ends with {@link #commit()} or {@link #rollback()} from any thread. */
  void detach() {
    controls.endTransaction(this);
  }

  /** A scope that joins this transaction (one opened while it is open on the thread). */
  Transaction join() {
    return new Transaction() {
      @Override
      public void commit() {
        // the outer transaction commits
      }

      @Override
      public void rollback() {
        rollbackOnly = true;
      }

      @Override
      public TransactionMode mode() {
        return mode;
      }

      @Override
      public void close() {
        // the outer transaction decides
      }

      @Override
      public String toString() {
        return "Transaction[" + mode + ", joined]";
      }
    };
  }

  @Override
  public TransactionMode mode() {
    return mode;
  }

  // ---------------------------------------------------------------- commands

  /** A command sent by this transaction's thread: answered through the buffer. */
  @Nullable Object handle(Route r, Command.Call<?> call) {
    if (ended) {
      return pipeline.execDirect(r, call);
    }
    if (call instanceof Command.Get g) {
      return visible(r, g.key());
    }
    if (call instanceof Command.GetRaw g) {
      return untouched(g.key()) ? pipeline.execDirect(r, call) : visible(r, g.key());
    }
    if (call instanceof Command.GetMany g) {
      List<@Nullable Object> out = new ArrayList<>(g.keys().size());
      for (String key : g.keys()) {
        out.add(visible(routes.route(key), key));
      }
      return out;
    }
    if (call instanceof Command.Exists e) {
      return visible(r, e.key()) != null;
    }
    if (call instanceof Command.Set s) {
      return set(r, s.key(), s.value(), s.ttl(), s.mode());
    }
    if (call instanceof Command.SetMany s) {
      s.values().forEach((key, value) -> set(routes.route(key), key, value, s.ttl(), Backend.SetMode.ALWAYS));
      return null;
    }
    if (call instanceof Command.Delete d) {
      return delete(r, d.key());
    }
    if (call instanceof Command.DeleteMany d) {
      long n = 0;
      for (String key : d.keys()) {
        n += delete(routes.route(key), key) ? 1 : 0;
      }
      return n;
    }
    if (call instanceof Command.DeleteMatch d) {
      return deleteMatch(r, d.pattern());
    }
    if (call instanceof Command.Incr i) {
      return incr(r, i.key(), i.by(), i.ttl());
    }
    if (call instanceof Command.Expire e) {
      return expire(r, e.key(), e.ttl());
    }
    if (call instanceof Command.GetExpire e) {
      return getExpire(r, e.key());
    }
    if (call instanceof Command.Scan s) {
      return keys(r, s.pattern(), s.batchSize()).iterator();
    }
    if (call instanceof Command.GetMatch g) {
      List<Map.Entry<String, Object>> out = new ArrayList<>();
      for (String key : keys(r, g.pattern(), g.batchSize())) {
        Object v = visible(r, key);
        if (v != null) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
        }
      }
      return out.iterator();
    }
    return pipeline.execDirect(r, call); // not transactional: locks, counters of other kinds, sets, bits, ping
  }

  /**
   * Whether {@code call}, sent by this transaction's thread, owes nothing to the buffer: a read of
   * keys the transaction has not written, or a command that is not transactional. The async path
   * sends those to the backend without waiting for them on the calling thread.
   */
  boolean passesThrough(Command.Call<?> call) {
    if (ended) {
      return true;
    }
    if (call instanceof Command.Get g) {
      return untouched(g.key());
    }
    if (call instanceof Command.GetRaw g) {
      return untouched(g.key());
    }
    if (call instanceof Command.Exists e) {
      return untouched(e.key());
    }
    if (call instanceof Command.GetMany g) {
      return g.keys().stream().allMatch(this::untouched);
    }
    return !ANSWERED_BY_BUFFER.contains(call.command());
  }

  /** The other commands {@link #handle} answers through the buffer: writes, and reads that merge it. */
  private static final Set<Command> ANSWERED_BY_BUFFER = EnumSet.of(
      Command.SET, Command.SET_MANY, Command.DELETE, Command.DELETE_MANY, Command.DELETE_MATCH, Command.INCR,
      Command.EXPIRE, Command.GET_EXPIRE, Command.SCAN, Command.GET_MATCH);

  private boolean untouched(String key) {
    return !writes.containsKey(key) && !deletedByPattern(key);
  }

  private boolean deletedByPattern(String key) {
    for (Map.Entry<Route, GlobPattern> p : deletedPatterns) {
      if (p.getValue().matches(key)) {
        return true;
      }
    }
    return false;
  }

  /** What a read of {@code key} sees in this transaction: its buffered write, else the backend's value; {@code null}: none. */
  private @Nullable Object visible(Route r, String key) {
    Write w = writes.get(key);
    if (w != null) {
      if (w.value == DELETED) {
        return null;
      }
      if (w.value != null) {
        return w.value;
      }
      if (w.expire == null) {
        return w.base + w.delta;
      }
    }
    if (deletedByPattern(key)) {
      return null;
    }
    return pipeline.execDirect(r, new Command.Get(key));
  }

  private Write write(Route r, String key) {
    if (mode == TransactionMode.LOCKED && !locks.containsKey(key)) {
      lock(r, key);
    }
    return writes.computeIfAbsent(key, k -> new Write(r));
  }

  private boolean set(Route r, String key, Object value, @Nullable Duration ttl, Backend.SetMode setMode) {
    if (setMode != Backend.SetMode.ALWAYS) {
      boolean exists = visible(r, key) != null;
      if (exists != (setMode == Backend.SetMode.IF_EXISTS)) {
        return false;
      }
    }
    Write w = write(r, key);
    w.value = value;
    w.ttl = ttl;
    w.since = System.nanoTime();
    w.expire = null;
    return true;
  }

  private boolean delete(Route r, String key) {
    boolean existed = visible(r, key) != null;
    Write w = write(r, key);
    w.value = DELETED;
    w.expire = null;
    return existed;
  }

  private long deleteMatch(Route r, String pattern) {
    GlobPattern glob = GlobPattern.compile(pattern);
    long n = keys(r, pattern, 1000).size();
    for (Map.Entry<String, Write> e : new ArrayList<>(writes.entrySet())) {
      if (glob.matches(e.getKey())) {
        writes.remove(e.getKey());
      }
    }
    deletedPatterns.add(new AbstractMap.SimpleImmutableEntry<>(r, glob));
    return n;
  }

  private long incr(Route r, String key, long by, @Nullable Duration ttl) {
    if (mode == TransactionMode.LOCKED && !locks.containsKey(key)) {
      lock(r, key); // before reading: no update of another transaction is lost
    }
    Write w = writes.get(key);
    if (w != null && w.value != null && w.value != DELETED) { // written in this transaction: a plain value
      long now = number(key, w.value) + by;
      w.value = now;
      return now;
    }
    if (w != null && w.value == null) { // incremented before: one more
      w.delta += by;
      return w.base + w.delta;
    }
    boolean fresh = w != null; // deleted in this transaction: starts from 0
    Object stored = fresh || deletedByPattern(key) ? null : pipeline.execDirect(r, new Command.Get(key));
    Write now = write(r, key);
    if (stored == null) { // a new key: written whole, with the TTL asked
      now.value = by;
      now.ttl = ttl;
      now.since = System.nanoTime();
      return by;
    }
    now.value = null; // an increment of the stored value: committed as one
    now.base = number(key, stored);
    now.delta = by;
    now.ttl = ttl;
    return now.base + now.delta;
  }

  private static long number(String key, Object value) {
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof UnsignedCounter) {
      return ((UnsignedCounter) value).value();
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw new IllegalStateException("incr of '" + key + "', which holds a " + value.getClass().getName() + ", not a counter");
  }

  private boolean expire(Route r, String key, Duration ttl) {
    Object v = visible(r, key);
    if (v == null) {
      return false;
    }
    Write w = writes.get(key);
    if (w != null && w.value != null) {
      w.ttl = ttl;
      w.since = System.nanoTime();
      return true;
    }
    Write now = write(r, key);
    if (now.value == null && w != null) { // an increment: it keeps its delta
      now.ttl = ttl;
    } else {
      now.expire = ttl;
      now.base = 0;
    }
    now.since = System.nanoTime();
    return true;
  }

  private long getExpire(Route r, String key) {
    Write w = writes.get(key);
    if (w != null && w.value == DELETED || w == null && deletedByPattern(key)) {
      return -2;
    }
    if (w != null && (w.value != null || w.expire != null)) {
      Duration ttl = w.value != null ? w.ttl : w.expire;
      if (ttl == null) {
        return -1;
      }
      long left = ttl.toNanos() - (System.nanoTime() - w.since);
      return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(left));
    }
    Object answer = pipeline.execDirect(r, new Command.GetExpire(key));
    return answer instanceof Long ? (Long) answer : -2;
  }

  /** The keys matching {@code pattern} in this transaction: the backend's, minus deletes, plus writes. */
  @SuppressWarnings("unchecked")
  private List<String> keys(Route r, String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    Set<String> out = new LinkedHashSet<>();
    Object scanned = pipeline.execDirect(r, new Command.Scan(pattern, batchSize));
    if (scanned instanceof Iterator) {
      for (Iterator<String> it = (Iterator<String>) scanned; it.hasNext(); ) {
        String key = it.next();
        Write w = writes.get(key);
        if (w == null ? !deletedByPattern(key) : w.value != DELETED) {
          out.add(key);
        }
      }
    }
    for (Map.Entry<String, Write> e : writes.entrySet()) {
      if (e.getValue().value != DELETED && glob.matches(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return new ArrayList<>(out);
  }

  // ---------------------------------------------------------------- locks

  private void lock(Route r, String key) {
    String lockKey = key.equals(":serializable:lock") ? key : ":tx_lock:" + key;
    String token = TOKEN_PREFIX + TOKENS.incrementAndGet(); // unique across processes, without a UUID's SecureRandom per lock
    long wait = FIRST_WAIT_NANOS; // short at first: most locks are held for a few commands
    while (true) {
      Object taken = pipeline.execDirect(r, new Command.SetLock(lockKey, token, timeout));
      if (Boolean.TRUE.equals(taken)) {
        locks.put(key, new Held(r, lockKey, token));
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        rollback();
        throw new TransactionTimeoutException(
            "a " + mode + " transaction waited its timeout of " + timeout + " for the lock on '" + key
                + "' and rolled back: probably a deadlock or a long-running transaction");
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, left));
        wait = Math.min(STEP_NANOS, wait * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        rollback();
        throw new TransactionTimeoutException("interrupted while waiting for the lock on '" + key + "'; rolled back");
      }
    }
  }

  private void releaseLocks() {
    RuntimeException failed = null;
    for (Held h : locks.values()) {
      try {
        pipeline.execDirect(h.route(), new Command.Unlock(h.key(), h.token()));
      } catch (RuntimeException e) { // it ends with its TTL, the transaction's timeout
        if (failed == null) {
          failed = e;
        }
      }
    }
    locks.clear();
    if (failed != null) {
      controls.warn("releasing a transaction's lock failed; it ends with its TTL: " + failed, failed);
    }
  }

  // ---------------------------------------------------------------- end

  @Override
  public void commit() {
    if (ended) {
      throw new IllegalStateException("this transaction already " + (rollbackOnly ? "rolled back" : "ended"));
    }
    if (rollbackOnly) {
      rollback();
      throw new IllegalStateException("a scope that joined this transaction rolled it back; nothing was committed");
    }
    if (System.nanoTime() - deadline > 0) {
      rollback();
      throw new TransactionTimeoutException(
          "a " + mode + " transaction ran past its timeout of " + timeout + " and rolled back; nothing was committed");
    }
    try {
      apply();
    } finally {
      end();
    }
  }

  /**
   * The buffered writes, to their backends: per backend one {@link Command.Commit} of its pattern
   * deletes, deletes, then writes (leaving out the commands disabled there).
   */
  private void apply() {
    Map<Route, List<Command.Call<?>>> byRoute = new LinkedHashMap<>();
    for (Map.Entry<Route, GlobPattern> p : deletedPatterns) {
      add(byRoute, p.getKey(), new Command.DeleteMatch(p.getValue().pattern()));
    }
    writes.forEach((key, w) -> {
      if (w.value == DELETED) {
        add(byRoute, w.route, new Command.Delete(key));
      }
    });
    long now = System.nanoTime();
    writes.forEach((key, w) -> {
      if (w.value == DELETED) {
        return;
      }
      if (w.value == null && w.expire == null) {
        add(byRoute, w.route, new Command.Incr(key, w.delta, w.ttl));
        return;
      }
      if (w.value == null) {
        Duration left = left(w.expire, w.since, now);
        add(byRoute, w.route, left != null && !left.isZero() ? new Command.Expire(key, left) : new Command.Delete(key));
        return;
      }
      Duration left = left(w.ttl, w.since, now);
      if (left == null || !left.isZero()) { // a value whose TTL ran out inside the transaction is written and gone
        add(byRoute, w.route, new Command.Set(key, w.value, left, Backend.SetMode.ALWAYS));
      }
    });
    Map<Route, List<String>> released = new LinkedHashMap<>();
    locks.forEach((key, held) -> { // released by the same command as the writes: a commit is one round trip
      add(byRoute, held.route(), new Command.Unlock(held.key(), held.token()));
      released.computeIfAbsent(held.route(), x -> new ArrayList<>()).add(key);
    });
    byRoute.forEach((route, calls) -> {
      if (!calls.isEmpty()) {
        pipeline.execDirect(route, new Command.Commit(calls));
      }
      List<String> done = released.get(route);
      if (done != null && !controls.disabled(route, Command.UNLOCK)) {
        done.forEach(locks::remove); // the rest are released by end()
      }
    });
  }

  private void add(Map<Route, List<Command.Call<?>>> byRoute, Route r, Command.Call<?> call) {
    List<Command.Call<?>> calls = byRoute.computeIfAbsent(r, x -> new ArrayList<>());
    if (!controls.disabled(r, call.command())) {
      calls.add(call);
    }
  }

  private static @Nullable Duration left(@Nullable Duration ttl, long since, long now) {
    if (ttl == null) {
      return null;
    }
    long left = ttl.toNanos() - (now - since);
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  @Override
  public void rollback() {
    if (ended) {
      return;
    }
    writes.clear();
    deletedPatterns.clear();
    end();
  }

  private void end() {
    ended = true;
    try {
      releaseLocks();
    } finally {
      controls.endTransaction(this);
    }
  }

  @Override
  public void close() {
    if (!ended) {
      rollback();
    }
  }

  @Override
  public String toString() {
    return "Transaction[" + mode + ", " + writes.size() + " keys written" + (ended ? ", ended" : "") + "]";
  }
}
