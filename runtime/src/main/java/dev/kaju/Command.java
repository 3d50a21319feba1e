package dev.kaju;

/**
 * Every backend command. Used to {@link Cache#disable disable} commands, to pick the commands a
 * {@link Cache#callback callback} hears, and passed to each {@link Middleware}.
 *
 * <p>The {@code args} a middleware sees, per command ({@code ttl} is a {@code java.time.Duration}
 * or {@code null}):
 *
 * <pre>
 * GET            [key]                     SET           [key, value, ttl, Backend.SetMode]
 * GET_RAW        [key]                     SET_RAW       [key, value, ttl]
 * GET_MANY       [List&lt;String&gt; keys]        SET_MANY      [Map&lt;String,Object&gt; values, ttl]
 * GET_MATCH      [pattern, batchSize]      SCAN          [pattern, batchSize]
 * INCR           [key, by, ttl]            EXISTS        [key]
 * DELETE         [key]                     DELETE_MANY   [List&lt;String&gt; keys]
 * DELETE_MATCH   [pattern]                 EXPIRE        [key, ttl]
 * GET_EXPIRE     [key]                     PING          [message]
 * CLEAR          []                        GET_KEYS_COUNT []
 * GET_SIZE       [key]                     IS_LOCKED     [key]
 * SET_LOCK       [key, value, ttl]         UNLOCK        [key, value]
 * SLICE_INCR     [key, start, end, maxValue, ttl]
 * INCR_BITS      [key, size, by, long[] indexes]
 * GET_BITS       [key, size, long[] indexes]
 * SET_ADD        [key, ttl, String[] members]
 * SET_REMOVE     [key, String[] members]   SET_POP       [key, count]
 * </pre>
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
  SET_POP;

  /** Whether the command reads a value (what {@code detect} reports as a hit or a miss). */
  public boolean isRead() {
    return this == GET || this == GET_RAW || this == GET_MANY || this == GET_MATCH;
  }
}
