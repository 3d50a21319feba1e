package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.Transaction;
import dev.kaju.TransactionMode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Used by generated code: a {@code @CacheTransaction} step. The rest of the method runs in a cache
 * transaction that commits when it returns and rolls back when it throws.
 *
 * <pre>{@code
 * return placeCacheTransaction.call(key, () -> delegate.place(cart));
 * }</pre>
 *
 * @param <T> the method's result type (boxed)
 */
public final class CacheTransactionSite<T> implements Step<T> {
  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final TransactionMode mode;
  private final Duration timeout;
  private final boolean inner;

  private CacheTransactionSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.mode = b.mode;
    this.timeout = b.timeout;
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @CacheTransaction} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    try (Transaction tx = cache.transaction(mode, timeout)) {
      T value = SiteCommands.pass(next, inner);
      tx.commit();
      return value;
    }
  }

  /**
   * The method runs with the transaction open on this thread, so the commands it starts belong to
   * it; then the transaction leaves the thread and commits (or rolls back) when the stage completes.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next) {
    Transaction tx = cache.transaction(mode, timeout);
    CompletionStage<T> stage;
    try {
      stage = next.load();
      if (stage == null) {
        throw new NullPointerException(name + " returned a null CompletionStage; return a completed future instead");
      }
    } catch (Throwable t) {
      tx.close();
      return CompletableFuture.failedFuture(t);
    } finally {
      access.detach(tx);
    }
    Served.Future<T> out = new Served.Future<>();
    CompletionStage<T> loaded = stage;
    stage.whenComplete((value, failure) -> {
      if (failure != null) {
        tx.close();
        out.completeExceptionally(Sites.unwrap(failure));
        return;
      }
      try {
        tx.commit();
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
        return;
      }
      if (inner && Served.from(loaded)) {
        out.completeServed(value);
      } else {
        out.complete(value);
      }
    });
    return out;
  }

  @Override
  public String toString() {
    return "CacheTransactionSite[" + name + ", " + mode + "]";
  }

  /** Describes a {@code @CacheTransaction} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private TransactionMode mode = TransactionMode.LOCKED;
    private Duration timeout = Duration.ofSeconds(10);
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The method's result class; this step stores nothing, so it only documents the site. */
    public Builder<T> type(Class<?> type) {
      Objects.requireNonNull(type, "type");
      return this;
    }

    public Builder<T> mode(TransactionMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder<T> timeout(Duration timeout) {
      this.timeout = Durations.positive(name, timeout, "timeout");
      return this;
    }

    /** This step runs inside another step of its method. */
    public Builder<T> inner() {
      this.inner = true;
      return this;
    }

    public CacheTransactionSite<T> build() {
      return new CacheTransactionSite<>(this);
    }
  }
}
