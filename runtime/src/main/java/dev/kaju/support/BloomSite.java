package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.Command;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the filter of a {@code @Bloom} method (cashews' {@code bloom}), a bit
 * array of {@code m} bits in the backend ({@code incrBits}/{@code getBits}) at {@code
 * <prefix>:<Interface.method>:<m>}, with {@code k} bit indexes per member. Sized as cashews
 * (bloom-04): {@code m = ceil(-n ln p / ln² 2)}, {@code k = round(m / n ln 2)}.
 *
 * <p>A {@linkplain #dual dual} site (cashews' {@code dual_bloom}, bloom-03) keeps two such arrays,
 * at {@code <prefix>:<Interface.method>:<m>:true} and {@code :false}, filled with the method's own
 * answers.
 *
 * <pre>{@code
 * String member = "com.example.Users.exists:email:" + KeyParts.exact(email);
 * return exists.call(member, () -> delegate.exists(email));
 * }</pre>
 */
public final class BloomSite {
  private static final String STRATEGY = "bloom";
  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final String bitsKey; // dual: the true filter
  private final @Nullable String falseKey; // dual only
  private final int m;
  private final int k;

  private BloomSite(Cache cache, String name, String keyPrefix, int capacity, double falsePositives, boolean dual) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.access = SiteAccess.of(cache);
    this.name = Objects.requireNonNull(name, "name");
    if (capacity < 1) {
      throw new IllegalArgumentException(name + ": a bloom filter's capacity must be at least 1, got " + capacity);
    }
    if (!(falsePositives > 0 && falsePositives < 100)) {
      throw new IllegalArgumentException(name + ": falsePositives is a percentage above 0 and below 100, got " + falsePositives);
    }
    int[] size = size(capacity, falsePositives / 100);
    this.m = size[0];
    this.k = size[1];
    this.bitsKey = keyPrefix + ":" + m + (dual ? ":true" : "");
    this.falseKey = dual ? keyPrefix + ":" + m + ":false" : null;
  }

  /**
   * The filter of a {@code @Bloom} method.
   *
   * @param keyPrefix the filter's key without its size, e.g. {@code bloom:Users.exists}
   * @param falsePositives in percent
   */
  public static BloomSite of(Cache cache, String name, String keyPrefix, int capacity, double falsePositives) {
    return new BloomSite(cache, name, keyPrefix, capacity, falsePositives, false);
  }

  /**
   * The two filters of a {@code @Bloom(dual = true)} method (cashews' {@code dual_bloom}), at
   * {@code <keyPrefix>:<m>:true} and {@code :false}, each sized for {@code capacity} members.
   *
   * @param keyPrefix the filters' key without size and answer, e.g. {@code dual_bloom:Users.taken}
   * @param falsePositives in percent
   */
  public static BloomSite dual(Cache cache, String name, String keyPrefix, int capacity, double falsePositives) {
    return new BloomSite(cache, name, keyPrefix, capacity, falsePositives, true);
  }

  /** {@code {m, k}} for {@code n} members at false-positive probability {@code p} (bloom-04). */
  static int[] size(int n, double p) {
    double ln2 = Math.log(2);
    long bits = (long) Math.ceil(-n * Math.log(p) / (ln2 * ln2));
    if (bits > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a bloom filter of " + n + " members at " + (p * 100) + "% needs " + bits + " bits; too many");
    }
    int mBits = (int) Math.max(1, bits);
    int hashes = (int) Math.max(1, Math.round((double) mBits / n * ln2));
    return new int[] {mBits, Math.min(hashes, mBits)};
  }

  /**
   * {@code k} distinct bit indexes of {@code member}, each below {@code m}: {@code crc32(member + "_"
   * + i) % m}, bumping {@code i} on a collision (cashews util-07/08).
   */
  static long[] indexes(String member, int k, int m) {
    long[] out = new long[k];
    int found = 0;
    CRC32 crc = new CRC32();
    for (int i = 0; found < k; i++) {
      crc.reset();
      crc.update((member + "_" + i).getBytes(StandardCharsets.UTF_8));
      long index = crc.getValue() % m;
      boolean seen = false;
      for (int j = 0; j < found; j++) {
        if (out[j] == index) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        out[found++] = index;
      }
    }
    return out;
  }

  /** The filter's size in bits (for tests and docs). */
  public int bits() {
    return m;
  }

  /** The bit indexes per member. */
  public int hashes() {
    return k;
  }

  private boolean disabled() {
    return cache.isDisabled(bitsKey, Command.GET_BITS) || cache.isDisabled(bitsKey, Command.INCR_BITS)
        || falseKey != null && (cache.isDisabled(falseKey, Command.GET_BITS) || cache.isDisabled(falseKey, Command.INCR_BITS));
  }

  /**
   * Whether {@code member} may be in the filter ({@code false}: it never was added); of a dual site,
   * in its {@code true} filter.
   */
  public boolean mightContain(String member) {
    long[] bits = getBits(bitsKey, 1, indexes(member, k, m));
    return Arrays.stream(bits).allMatch(b -> b > 0);
  }

  /** Adds {@code member} (to a dual site's {@code true} filter). */
  public void add(String member) {
    if (!disabled()) {
      incrBits(bitsKey, 1, 1, indexes(member, k, m));
    }
  }

  /**
   * A call of the {@code @Bloom} method: {@code false} at once when the filter has never seen
   * {@code member}, else the method's answer. With the cache disabled the method always runs (bloom-07).
   */
  public boolean call(String member, CachedSite.Loader<Boolean> next) {
    if (falseKey != null) {
      return dualCall(member, next);
    }
    if (!disabled() && !mightContain(member)) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(next.load());
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
  }

  /** {@link #call} for a method returning {@code CompletionStage<Boolean>}, without blocking on the backend. */
  public CompletableFuture<Boolean> callAsync(String member, CachedSite.AsyncLoader<Boolean> caller) {
    CachedSite.AsyncLoader<Boolean> next = Sites.inCallersContext(caller); // may run on the backend's thread
    if (falseKey != null) {
      return dualCallAsync(member, next);
    }
    CompletionStage<Boolean> known;
    if (disabled()) {
      known = CompletableFuture.completedFuture(true);
    } else if (!access.blocking(bitsKey)) {
      known = CompletableFuture.completedFuture(mightContain(member));
    } else {
      known = getBitsAsync(bitsKey, 1, indexes(member, k, m)).thenApply(bits -> Arrays.stream(bits).allMatch(b -> b > 0));
    }
    return known.toCompletableFuture().thenCompose(maybe -> {
      if (!maybe) {
        return CompletableFuture.completedFuture(false);
      }
      try {
        CompletionStage<Boolean> answer = next.load();
        return answer == null
            ? CompletableFuture.failedFuture(new NullPointerException(name + " returned a null CompletionStage"))
            : answer.thenApply(Boolean.TRUE::equals);
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    });
  }

  // ---- dual (bloom-03) ----

  /** Where a member stands in the two filters of a dual site. */
  private enum Seen {
    /** in neither: never answered; run the method and record its answer */
    NEITHER,
    /** in the true filter only: answer true */
    TRUE,
    /** in the false filter only: answer false */
    FALSE,
    /** in both (or the cache is disabled): the filters cannot tell; run the method, record nothing */
    BOTH;

    static Seen of(long[] inTrue, long[] inFalse) {
      boolean t = allSet(inTrue);
      boolean f = allSet(inFalse);
      return t == f ? (t ? BOTH : NEITHER) : (t ? TRUE : FALSE);
    }
  }

  private static boolean allSet(long[] bits) {
    return Arrays.stream(bits).allMatch(b -> b > 0);
  }

  private Seen seen(long[] indexes) {
    return Seen.of(getBits(bitsKey, 1, indexes), getBits(requireDual(), 1, indexes));
  }

  private String requireDual() {
    return Objects.requireNonNull(falseKey, "a dual site's false filter");
  }

  /** The key of the filter that records {@code answer}. */
  private String filterOf(boolean answer) {
    return answer ? bitsKey : requireDual();
  }

  /**
   * A call of a dual {@code @Bloom} method: the answer of the one filter that holds {@code member};
   * otherwise the method's answer, recorded when neither filter held it. With the cache disabled
   * the method always runs and nothing is recorded (bloom-07).
   */
  private boolean dualCall(String member, CachedSite.Loader<Boolean> next) {
    long[] indexes = indexes(member, k, m);
    Seen seen = disabled() ? Seen.BOTH : seen(indexes);
    if (seen == Seen.TRUE || seen == Seen.FALSE) {
      return seen == Seen.TRUE;
    }
    boolean answer;
    try {
      answer = Boolean.TRUE.equals(next.load());
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
    if (seen == Seen.NEITHER) { // in both, setting the bits again would change nothing
      incrBits(filterOf(answer), 1, 1, indexes);
    }
    return answer;
  }

  /** {@link #dualCall} for a {@code CompletionStage<Boolean>}, without blocking on the backend. */
  private CompletableFuture<Boolean> dualCallAsync(String member, CachedSite.AsyncLoader<Boolean> next) {
    long[] indexes = indexes(member, k, m);
    boolean blocking = access.blocking(bitsKey);
    CompletionStage<Seen> known;
    if (disabled()) {
      known = CompletableFuture.completedFuture(Seen.BOTH);
    } else if (!blocking) {
      known = CompletableFuture.completedFuture(seen(indexes));
    } else {
      known = getBitsAsync(bitsKey, 1, indexes)
          .thenCombine(getBitsAsync(requireDual(), 1, indexes), Seen::of);
    }
    return known.toCompletableFuture().thenCompose(seen -> {
      if (seen == Seen.TRUE || seen == Seen.FALSE) {
        return CompletableFuture.completedFuture(seen == Seen.TRUE);
      }
      CompletionStage<Boolean> answer;
      try {
        answer = next.load();
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
      if (answer == null) {
        return CompletableFuture.failedFuture(new NullPointerException(name + " returned a null CompletionStage"));
      }
      return answer.thenApply(Boolean.TRUE::equals).thenCompose(value -> {
        if (seen != Seen.NEITHER) {
          return CompletableFuture.completedFuture(value);
        }
        if (!blocking) {
          incrBits(filterOf(value), 1, 1, indexes);
          return CompletableFuture.completedFuture(value);
        }
        return incrBitsAsync(filterOf(value), 1, 1, indexes).thenApply(bits -> value);
      });
    });
  }

  /**
   * For a {@code @Bloom.Add} method returning a {@code CompletionStage}: adds {@code member} once
   * {@code result} completes normally (with {@code true}, when it is a {@code Boolean}).
   */
  public <T> CompletableFuture<T> addAfter(@Nullable CompletionStage<T> result, String member) {
    if (result == null) {
      return CompletableFuture.failedFuture(new NullPointerException(name + " returned a null CompletionStage"));
    }
    return result.toCompletableFuture().thenCompose(value -> {
      if (value instanceof Boolean && !((Boolean) value) || disabled()) {
        return CompletableFuture.completedFuture(value);
      }
      if (!access.blocking(bitsKey)) {
        add(member);
        return CompletableFuture.completedFuture(value);
      }
      return incrBitsAsync(bitsKey, 1, 1, indexes(member, k, m)).thenApply(bits -> value);
    });
  }

  // The filter's commands, which detect reports as this step's.

  private long[] getBits(String key, int size, long[] indexes) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
      return cache.getBits(key, size, indexes);
    }
  }

  private void incrBits(String key, int size, long by, long[] indexes) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
      cache.incrBits(key, size, by, indexes);
    }
  }

  private CompletionStage<long[]> getBitsAsync(String key, int size, long[] indexes) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
      return cache.async().getBits(key, size, indexes);
    }
  }

  private CompletionStage<long[]> incrBitsAsync(String key, int size, long by, long[] indexes) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, null)) {
      return cache.async().incrBits(key, size, by, indexes);
    }
  }

  @Override
  public String toString() {
    return "BloomSite[" + name + (falseKey != null ? ", dual" : "") + ", " + m + " bits, " + k + " hashes]";
  }
}
