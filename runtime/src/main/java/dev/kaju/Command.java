package dev.kaju;

import dev.kaju.spi.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Every backend command. The constants name the commands, to {@link Cache#disable disable} them
 * and to pick the ones a {@link Cache#callback callback} hears; the nested records are the typed
 * calls of each ({@link Get}, {@link Set}, ...), one per command, which the {@code Cache} facade
 * builds and every {@link Middleware} sees:
 *
 * <pre>{@code
 * Middleware shortTtl = (call, chain) -> {
 *   if (call instanceof Command.Set set && set.ttl() == null) {
 *     return chain.proceed(set.withTtl(Duration.ofMinutes(5)));   // no value lives forever
 *   }
 *   return chain.proceed(call);
 * };
 * }</pre>
 *
 * {@code getOrSet} is a {@code GET} and, on a miss, a {@code SET}; {@code lock} is a
 * {@code SET_LOCK} and an {@code UNLOCK}.
 */
public enum Command {
  GET,
  GET_RAW,
  GET_MANY,
  GET_MATCH,
  SET,
  SET_RAW,
  SET_MANY,
  INCR,
  EXISTS,
  DELETE,
  DELETE_MANY,
  DELETE_MATCH,
  SCAN,
  EXPIRE,
  GET_EXPIRE,
  PING,
  CLEAR,
  IS_LOCKED,
  SET_LOCK,
  UNLOCK,
  GET_KEYS_COUNT,
  GET_SIZE,
  SLICE_INCR,
  INCR_BITS,
  GET_BITS,
  SET_ADD,
  SET_REMOVE,
  SET_POP,
  /** The writes of a committing transaction ({@link Commit}), applied as one step where the backend can. */
  TRANSACTION;

  /** Whether the command reads a value (what {@code detect} reports as a hit or a miss). */
  public boolean isRead() {
    return this == GET || this == GET_RAW || this == GET_MANY || this == GET_MATCH;
  }

  /**
   * One call of a command, with its arguments: an immutable record, copied with changes by its
   * {@code with...} methods and {@link #mapKeys}.
   *
   * @param <R> what the call returns: {@code Boolean} for {@code SET}, {@code Long} for counts,
   *     the stored object (or {@code null}) for {@code GET}, ...
   */
  public sealed interface Call<R> permits Get, GetRaw, GetMany, GetMatch, Set, SetRaw, SetMany, Incr, Exists, Delete, DeleteMany, DeleteMatch, Scan, Expire, GetExpire, Ping, Clear, IsLocked, SetLock, Unlock, GetKeysCount, GetSize, SliceIncr, IncrBits, GetBits, SetAdd, SetRemove, SetPop, Commit {
    /** Which command this is. */
    Command command();

    /** The one key this call reads or writes, or {@code null} (several keys, a pattern, none). */
    default @Nullable String key() {
      return null;
    }

    /** The glob pattern of {@code GET_MATCH}, {@code SCAN} and {@code DELETE_MATCH}, or {@code null}. */
    default @Nullable String pattern() {
      return null;
    }

    /** Runs the call on {@code backend}. */
    @Nullable R apply(Backend backend);

    /**
     * What the call answers when its command is disabled: a miss for reads, {@code false} or
     * {@code 0} for writes and counts, {@code -2} for {@code GET_EXPIRE}, nothing for scans,
     * zeros for bit counters.
     */
    @Nullable R disabled();

    /**
     * This call with every key passed through {@code keys} and every pattern through {@code
     * patterns}; a call without keys or patterns ({@code PING}, {@code CLEAR}, {@code
     * GET_KEYS_COUNT}) is returned as it is. Results are not mapped back: keys returned by {@code
     * SCAN} and {@code GET_MATCH} are the backend's.
     */
    default Call<R> mapKeys(UnaryOperator<String> keys, UnaryOperator<String> patterns) {
      return this;
    }
  }

  /** Reads the plain value at {@code key}: {@code null} on a miss. */
  public record Get(String key) implements Call<Object> {
    public Get {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return GET;
    }

    @Override
    public Object apply(Backend backend) {
      return backend.get(key);
    }

    @Override
    public Object disabled() {
      return null;
    }

    @Override
    public Get mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Get(keyFn.apply(key));
    }

    /** This call on another key. */
    public Get withKey(String key) {
      return new Get(key);
    }
  }

  /** Reads the stored representation at {@code key}, undecoded. */
  public record GetRaw(String key) implements Call<Object> {
    public GetRaw {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return GET_RAW;
    }

    @Override
    public Object apply(Backend backend) {
      return backend.getRaw(key);
    }

    @Override
    public Object disabled() {
      return null;
    }

    @Override
    public GetRaw mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetRaw(keyFn.apply(key));
    }

    /** This call on another key. */
    public GetRaw withKey(String key) {
      return new GetRaw(key);
    }
  }

  /** Reads several keys, in order; {@code null} for each miss. */
  public record GetMany(List<String> keys) implements Call<List<@Nullable Object>> {
    public GetMany {
      keys = List.copyOf(keys);
    }

    @Override
    public Command command() {
      return GET_MANY;
    }

    @Override
    public List<@Nullable Object> apply(Backend backend) {
      return backend.getMany(keys);
    }

    @Override
    public List<@Nullable Object> disabled() {
      return Collections.nCopies(keys.size(), null);
    }

    @Override
    public GetMany mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetMany(map(keys, keyFn));
    }
  }

  /** The key/value pairs whose key matches {@code pattern}, lazily. */
  public record GetMatch(String pattern, int batchSize) implements Call<Iterator<Map.Entry<String, Object>>> {
    public GetMatch {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public Command command() {
      return GET_MATCH;
    }

    @Override
    public Iterator<Map.Entry<String, Object>> apply(Backend backend) {
      return backend.getMatch(pattern, batchSize);
    }

    @Override
    public Iterator<Map.Entry<String, Object>> disabled() {
      return Collections.emptyIterator();
    }

    @Override
    public GetMatch mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetMatch(patternFn.apply(pattern), batchSize);
    }
  }

  /** Stores {@code value} ({@code ttl} {@code null}: no expiry) as {@code mode} allows. */
  public record Set(String key, Object value, @Nullable Duration ttl, Backend.SetMode mode) implements Call<Boolean> {
    public Set {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(mode, "mode");
    }

    @Override
    public Command command() {
      return SET;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.set(key, value, ttl, mode);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public Set mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Set(keyFn.apply(key), value, ttl, mode);
    }

    /** This call on another key. */
    public Set withKey(String key) {
      return new Set(key, value, ttl, mode);
    }

    /** This call with another TTL. */
    public Set withTtl(@Nullable Duration ttl) {
      return new Set(key, value, ttl, mode);
    }

    /** This call with another value. */
    public Set withValue(Object value) {
      return new Set(key, value, ttl, mode);
    }
  }

  /** Stores a value in the backend's own representation. */
  public record SetRaw(String key, Object value, @Nullable Duration ttl) implements Call<Boolean> {
    public SetRaw {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Command command() {
      return SET_RAW;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.setRaw(key, value, ttl);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public SetRaw mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetRaw(keyFn.apply(key), value, ttl);
    }

    /** This call on another key. */
    public SetRaw withKey(String key) {
      return new SetRaw(key, value, ttl);
    }

    /** This call with another TTL. */
    public SetRaw withTtl(@Nullable Duration ttl) {
      return new SetRaw(key, value, ttl);
    }

    /** This call with another value. */
    public SetRaw withValue(Object value) {
      return new SetRaw(key, value, ttl);
    }
  }

  /** Stores every pair with one TTL. */
  public record SetMany(Map<String, Object> values, @Nullable Duration ttl) implements Call<Void> {
    public SetMany {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public Command command() {
      return SET_MANY;
    }

    @Override
    public Void apply(Backend backend) {
      return run(() -> backend.setMany(values, ttl));
    }

    @Override
    public Void disabled() {
      return null;
    }

    @Override
    public SetMany mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetMany(rekey(values, keyFn), ttl);
    }

    /** This call with another TTL. */
    public SetMany withTtl(@Nullable Duration ttl) {
      return new SetMany(values, ttl);
    }
  }

  /** Adds {@code by} to a counter; {@code ttl} applies when it is created. */
  public record Incr(String key, long by, @Nullable Duration ttl) implements Call<Long> {
    public Incr {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return INCR;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.incr(key, by, ttl);
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public Incr mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Incr(keyFn.apply(key), by, ttl);
    }

    /** This call on another key. */
    public Incr withKey(String key) {
      return new Incr(key, by, ttl);
    }

    /** This call with another TTL. */
    public Incr withTtl(@Nullable Duration ttl) {
      return new Incr(key, by, ttl);
    }
  }

  /** Whether {@code key} exists. */
  public record Exists(String key) implements Call<Boolean> {
    public Exists {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return EXISTS;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.exists(key);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public Exists mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Exists(keyFn.apply(key));
    }

    /** This call on another key. */
    public Exists withKey(String key) {
      return new Exists(key);
    }
  }

  /** Deletes {@code key}; whether it existed. */
  public record Delete(String key) implements Call<Boolean> {
    public Delete {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return DELETE;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.delete(key);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public Delete mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Delete(keyFn.apply(key));
    }

    /** This call on another key. */
    public Delete withKey(String key) {
      return new Delete(key);
    }
  }

  /** Deletes several keys; how many existed. */
  public record DeleteMany(List<String> keys) implements Call<Long> {
    public DeleteMany {
      keys = List.copyOf(keys);
    }

    @Override
    public Command command() {
      return DELETE_MANY;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.deleteMany(keys);
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public DeleteMany mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new DeleteMany(map(keys, keyFn));
    }
  }

  /** Deletes every key matching {@code pattern}; how many. */
  public record DeleteMatch(String pattern) implements Call<Long> {
    public DeleteMatch {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public Command command() {
      return DELETE_MATCH;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.deleteMatch(pattern);
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public DeleteMatch mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new DeleteMatch(patternFn.apply(pattern));
    }
  }

  /** The keys matching {@code pattern}, lazily. */
  public record Scan(String pattern, int batchSize) implements Call<Iterator<String>> {
    public Scan {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public Command command() {
      return SCAN;
    }

    @Override
    public Iterator<String> apply(Backend backend) {
      return backend.scan(pattern, batchSize);
    }

    @Override
    public Iterator<String> disabled() {
      return Collections.emptyIterator();
    }

    @Override
    public Scan mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Scan(patternFn.apply(pattern), batchSize);
    }
  }

  /** Sets the TTL of an existing key. */
  public record Expire(String key, Duration ttl) implements Call<Boolean> {
    public Expire {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(ttl, "ttl");
    }

    @Override
    public Command command() {
      return EXPIRE;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.expire(key, ttl);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public Expire mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Expire(keyFn.apply(key), ttl);
    }

    /** This call on another key. */
    public Expire withKey(String key) {
      return new Expire(key, ttl);
    }

    /** This call with another TTL. */
    public Expire withTtl(Duration ttl) {
      return new Expire(key, ttl);
    }
  }

  /** Seconds left: {@code -1} without TTL, {@code -2} for no key. */
  public record GetExpire(String key) implements Call<Long> {
    public GetExpire {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return GET_EXPIRE;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.getExpire(key);
    }

    @Override
    public Long disabled() {
      return -2L;
    }

    @Override
    public GetExpire mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetExpire(keyFn.apply(key));
    }

    /** This call on another key. */
    public GetExpire withKey(String key) {
      return new GetExpire(key);
    }
  }

  /** {@code PONG}, or the message echoed. */
  public record Ping(String message) implements Call<String> {
    public Ping {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Command command() {
      return PING;
    }

    @Override
    public String apply(Backend backend) {
      return backend.ping(message);
    }

    @Override
    public String disabled() {
      return null;
    }
  }

  /** Removes every key of the backend (of its route's prefix, for Redis). */
  public record Clear() implements Call<Void> {
    @Override
    public Command command() {
      return CLEAR;
    }

    @Override
    public Void apply(Backend backend) {
      return run(backend::clear);
    }

    @Override
    public Void disabled() {
      return null;
    }
  }

  /** Whether the lock {@code key} is held. */
  public record IsLocked(String key) implements Call<Boolean> {
    public IsLocked {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return IS_LOCKED;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.isLocked(key);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public IsLocked mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new IsLocked(keyFn.apply(key));
    }

    /** This call on another key. */
    public IsLocked withKey(String key) {
      return new IsLocked(key);
    }
  }

  /** Takes the lock {@code key} with {@code value}; whether the backend confirmed it. */
  public record SetLock(String key, String value, Duration ttl) implements Call<Boolean> {
    public SetLock {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(ttl, "ttl");
    }

    @Override
    public Command command() {
      return SET_LOCK;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.setLock(key, value, ttl);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public SetLock mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetLock(keyFn.apply(key), value, ttl);
    }

    /** This call on another key. */
    public SetLock withKey(String key) {
      return new SetLock(key, value, ttl);
    }

    /** This call with another TTL. */
    public SetLock withTtl(Duration ttl) {
      return new SetLock(key, value, ttl);
    }
  }

  /** Releases the lock {@code key} if it still holds {@code value}. */
  public record Unlock(String key, String value) implements Call<Boolean> {
    public Unlock {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Command command() {
      return UNLOCK;
    }

    @Override
    public Boolean apply(Backend backend) {
      return backend.unlock(key, value);
    }

    @Override
    public Boolean disabled() {
      return Boolean.FALSE;
    }

    @Override
    public Unlock mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new Unlock(keyFn.apply(key), value);
    }

    /** This call on another key. */
    public Unlock withKey(String key) {
      return new Unlock(key, value);
    }
  }

  /** How many keys the backend holds. */
  public record GetKeysCount() implements Call<Long> {
    @Override
    public Command command() {
      return GET_KEYS_COUNT;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.getKeysCount();
    }

    @Override
    public Long disabled() {
      return 0L;
    }
  }

  /** The approximate size in bytes of the value at {@code key}. */
  public record GetSize(String key) implements Call<Long> {
    public GetSize {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return GET_SIZE;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.getSize(key);
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public GetSize mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetSize(keyFn.apply(key));
    }

    /** This call on another key. */
    public GetSize withKey(String key) {
      return new GetSize(key);
    }
  }

  /** Sliding-window counter (rate limits). */
  public record SliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) implements Call<Long> {
    public SliceIncr {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return SLICE_INCR;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.sliceIncr(key, start, end, maxValue, ttl);
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public SliceIncr mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SliceIncr(keyFn.apply(key), start, end, maxValue, ttl);
    }

    /** This call on another key. */
    public SliceIncr withKey(String key) {
      return new SliceIncr(key, start, end, maxValue, ttl);
    }

    /** This call with another TTL. */
    public SliceIncr withTtl(@Nullable Duration ttl) {
      return new SliceIncr(key, start, end, maxValue, ttl);
    }
  }

  /** Adds to {@code size}-bit counters (bloom filters). */
  public record IncrBits(String key, int size, long by, long[] indexes) implements Call<long[]> {
    public IncrBits {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(indexes, "indexes");
    }

    @Override
    public Command command() {
      return INCR_BITS;
    }

    @Override
    public long[] apply(Backend backend) {
      return backend.incrBits(key, size, by, indexes);
    }

    @Override
    public long[] disabled() {
      return new long[indexes.length];
    }

    @Override
    public IncrBits mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new IncrBits(keyFn.apply(key), size, by, indexes);
    }

    /** This call on another key. */
    public IncrBits withKey(String key) {
      return new IncrBits(key, size, by, indexes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IncrBits c && Objects.equals(key, c.key) && size == c.size && by == c.by && Arrays.equals(indexes, c.indexes);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(key) + Objects.hashCode(size) + Objects.hashCode(by) + 31 * Arrays.hashCode(indexes);
    }

    @Override
    public String toString() {
      return "IncrBits[" + "key=" + key + ", " + "size=" + size + ", " + "by=" + by + ", " + "indexes=" + Arrays.toString(indexes) + "]";
    }
  }

  /** Reads {@code size}-bit counters. */
  public record GetBits(String key, int size, long[] indexes) implements Call<long[]> {
    public GetBits {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(indexes, "indexes");
    }

    @Override
    public Command command() {
      return GET_BITS;
    }

    @Override
    public long[] apply(Backend backend) {
      return backend.getBits(key, size, indexes);
    }

    @Override
    public long[] disabled() {
      return new long[indexes.length];
    }

    @Override
    public GetBits mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new GetBits(keyFn.apply(key), size, indexes);
    }

    /** This call on another key. */
    public GetBits withKey(String key) {
      return new GetBits(key, size, indexes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GetBits c && Objects.equals(key, c.key) && size == c.size && Arrays.equals(indexes, c.indexes);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(key) + Objects.hashCode(size) + 31 * Arrays.hashCode(indexes);
    }

    @Override
    public String toString() {
      return "GetBits[" + "key=" + key + ", " + "size=" + size + ", " + "indexes=" + Arrays.toString(indexes) + "]";
    }
  }

  /** Adds members to a set (tags); the TTL applies to the set. */
  public record SetAdd(String key, @Nullable Duration ttl, List<String> members) implements Call<Long> {
    public SetAdd {
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }

    @Override
    public Command command() {
      return SET_ADD;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.setAdd(key, ttl, members.toArray(new String[0]));
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public SetAdd mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetAdd(keyFn.apply(key), ttl, members);
    }

    /** This call on another key. */
    public SetAdd withKey(String key) {
      return new SetAdd(key, ttl, members);
    }

    /** This call with another TTL. */
    public SetAdd withTtl(@Nullable Duration ttl) {
      return new SetAdd(key, ttl, members);
    }
  }

  /** Removes members from a set. */
  public record SetRemove(String key, List<String> members) implements Call<Long> {
    public SetRemove {
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }

    @Override
    public Command command() {
      return SET_REMOVE;
    }

    @Override
    public Long apply(Backend backend) {
      return backend.setRemove(key, members.toArray(new String[0]));
    }

    @Override
    public Long disabled() {
      return 0L;
    }

    @Override
    public SetRemove mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetRemove(keyFn.apply(key), members);
    }

    /** This call on another key. */
    public SetRemove withKey(String key) {
      return new SetRemove(key, members);
    }
  }

  /** Removes and returns up to {@code count} members. */
  public record SetPop(String key, int count) implements Call<List<String>> {
    public SetPop {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public Command command() {
      return SET_POP;
    }

    @Override
    public List<String> apply(Backend backend) {
      return backend.setPop(key, count);
    }

    @Override
    public List<String> disabled() {
      return List.of();
    }

    @Override
    public SetPop mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      return new SetPop(keyFn.apply(key), count);
    }

    /** This call on another key. */
    public SetPop withKey(String key) {
      return new SetPop(key, count);
    }
  }
  /**
   * The writes a transaction buffered, sent at its commit, in order: pattern deletes, deletes,
   * then writes ({@code SET}, {@code INCR}, {@code EXPIRE}), then the release of the transaction's
   * locks on that backend ({@code UNLOCK}), so a commit costs one round trip. A backend that can applies them as
   * one step ({@code Backend#commit}: a script on Redis); a middleware sees them together, and
   * {@link #mapKeys} maps every key and pattern inside.
   */
  public record Commit(List<Call<?>> writes) implements Call<Void> {
    public Commit {
      writes = List.copyOf(writes);
      for (Call<?> c : writes) {
        if (!(c instanceof Set || c instanceof Delete || c instanceof DeleteMany || c instanceof DeleteMatch
            || c instanceof Incr || c instanceof Expire || c instanceof Unlock)) {
          throw new IllegalArgumentException(
              "a transaction commits SET, DELETE, DELETE_MANY, DELETE_MATCH, INCR, EXPIRE and UNLOCK, not " + c.command());
        }
      }
    }

    @Override
    public Command command() {
      return TRANSACTION;
    }

    @Override
    public @Nullable Void apply(Backend backend) {
      backend.commit(writes);
      return null;
    }

    @Override
    public @Nullable Void disabled() {
      return null;
    }

    @Override
    public Commit mapKeys(UnaryOperator<String> keyFn, UnaryOperator<String> patternFn) {
      List<Call<?>> mapped = new ArrayList<>(writes.size());
      for (Call<?> c : writes) {
        mapped.add(c.mapKeys(keyFn, patternFn));
      }
      return new Commit(mapped);
    }
  }

  private static List<String> map(List<String> keys, UnaryOperator<String> f) {
    List<String> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(f.apply(k));
    }
    return out;
  }

  private static Map<String, Object> rekey(Map<String, Object> values, UnaryOperator<String> f) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(f.apply(k), v));
    return out;
  }

  private static @Nullable Void run(Runnable command) {
    command.run();
    return null;
  }
}
