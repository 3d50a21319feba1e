package dev.kaju.internal;

import dev.kaju.Command;
import dev.kaju.spi.Backend;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Command} on a backend from its argument array (the layout documented on
 * {@link Command}), and gives the result a disabled command returns. Used on the slow path only:
 * when a middleware, a callback, a detector or a disabled command is in play.
 */
final class Commands {
  private Commands() {}

  @SuppressWarnings("unchecked")
  static Object invoke(Command c, Backend b, Object[] a) {
    switch (c) {
      case GET:
        return b.get((String) a[0]);
      case GET_RAW:
        return b.getRaw((String) a[0]);
      case GET_MANY:
        return b.getMany((List<String>) a[0]);
      case GET_MATCH:
        return b.getMatch((String) a[0], (Integer) a[1]);
      case SET:
        return b.set((String) a[0], a[1], (Duration) a[2], (Backend.SetMode) a[3]);
      case SET_RAW:
        return b.setRaw((String) a[0], a[1], (Duration) a[2]);
      case SET_MANY:
        b.setMany((Map<String, Object>) a[0], (Duration) a[1]);
        return null;
      case INCR:
        return b.incr((String) a[0], (Long) a[1], (Duration) a[2]);
      case EXISTS:
        return b.exists((String) a[0]);
      case DELETE:
        return b.delete((String) a[0]);
      case DELETE_MANY:
        return b.deleteMany((List<String>) a[0]);
      case DELETE_MATCH:
        return b.deleteMatch((String) a[0]);
      case SCAN:
        return b.scan((String) a[0], (Integer) a[1]);
      case EXPIRE:
        return b.expire((String) a[0], (Duration) a[1]);
      case GET_EXPIRE:
        return b.getExpire((String) a[0]);
      case PING:
        return b.ping((String) a[0]);
      case CLEAR:
        b.clear();
        return null;
      case IS_LOCKED:
        return b.isLocked((String) a[0]);
      case SET_LOCK:
        return b.setLock((String) a[0], (String) a[1], (Duration) a[2]);
      case UNLOCK:
        return b.unlock((String) a[0], (String) a[1]);
      case GET_KEYS_COUNT:
        return b.getKeysCount();
      case GET_SIZE:
        return b.getSize((String) a[0]);
      case SLICE_INCR:
        return b.sliceIncr((String) a[0], (Long) a[1], (Long) a[2], (Long) a[3], (Duration) a[4]);
      case INCR_BITS:
        return b.incrBits((String) a[0], (Integer) a[1], (Long) a[2], (long[]) a[3]);
      case GET_BITS:
        return b.getBits((String) a[0], (Integer) a[1], (long[]) a[2]);
      case SET_ADD:
        return b.setAdd((String) a[0], (Duration) a[1], (String[]) a[2]);
      case SET_REMOVE:
        return b.setRemove((String) a[0], (String[]) a[1]);
      case SET_POP:
        return b.setPop((String) a[0], (Integer) a[1]);
      default:
        throw new AssertionError(c);
    }
  }

  /**
   * What a disabled command returns: a miss for reads, {@code false} or {@code 0} for writes and
   * counts, {@code -2} for {@code GET_EXPIRE}, nothing for scans, zeros for bit counters.
   */
  @SuppressWarnings("unchecked")
  static Object disabled(Command c, Object[] a) {
    switch (c) {
      case GET:
      case GET_RAW:
      case SET_MANY:
      case CLEAR:
      case PING:
        return null;
      case GET_MANY:
        return Collections.nCopies(((List<String>) a[0]).size(), null);
      case GET_MATCH:
      case SCAN:
        return Collections.emptyIterator();
      case SET:
      case SET_RAW:
      case EXISTS:
      case DELETE:
      case EXPIRE:
      case IS_LOCKED:
      case SET_LOCK:
      case UNLOCK:
        return Boolean.FALSE;
      case GET_EXPIRE:
        return -2L;
      case INCR:
      case DELETE_MANY:
      case DELETE_MATCH:
      case GET_KEYS_COUNT:
      case GET_SIZE:
      case SLICE_INCR:
      case SET_ADD:
      case SET_REMOVE:
        return 0L;
      case INCR_BITS:
        return new long[((long[]) a[3]).length];
      case GET_BITS:
        return new long[((long[]) a[2]).length];
      case SET_POP:
        return List.of();
      default:
        throw new AssertionError(c);
    }
  }
}
