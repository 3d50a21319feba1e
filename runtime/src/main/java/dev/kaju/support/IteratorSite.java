package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: {@code @Cached} on a method returning {@code Stream}, {@code Iterator},
 * {@code Iterable} or {@code Flow.Publisher} (cashews' {@code iterator}). On a miss the method's
 * elements pass through to the caller as they come and are recorded; only when the caller has
 * consumed them all is the list stored, as one entry. A consumer that stops early, or a source that
 * fails, stores nothing, so a hit always replays a complete sequence.
 *
 * <pre>{@code
 * String key = "items:" + KeyParts.of(category);
 * return items.stream(key, () -> delegate.items(category));
 * }</pre>
 *
 * @param <E> the element type
 */
public final class IteratorSite<E> {
  private static final Object MISS = CachedSite.MISS;
  private static final String STRATEGY = "iterator";

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final @Nullable Duration ttl;
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofMinutes(1));

  private IteratorSite(Cache cache, String name, @Nullable Duration ttl) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.access = SiteAccess.of(cache);
    this.name = Objects.requireNonNull(name, "name");
    this.ttl = ttl;
  }

  /** The site of an iterator method; {@code name} is {@code Interface.method}. */
  public static <E> IteratorSite<E> of(Cache cache, String name, Duration ttl) {
    return new IteratorSite<>(cache, name, Objects.requireNonNull(ttl, "ttl"));
  }

  /** The stored elements of {@code key}, or {@code null} on a miss or a value that is no list. */
  @SuppressWarnings("unchecked")
  private @Nullable List<E> stored(String key) {
    Object v = access.lookup(key, MISS, STRATEGY, ttl);
    if (v == MISS) {
      return null;
    }
    if (!(v instanceof List)) {
      log.warn(name + ": key '" + key + "' holds a " + (v == null ? "null" : v.getClass().getName())
          + " where a List of elements was expected; read as a miss", null);
      return null;
    }
    return (List<E>) v;
  }

  /** A method returning {@code Stream}: a hit replays the stored elements; closing closes the method's stream. */
  public Stream<E> stream(String key, CachedSite.Loader<Stream<E>> loader) {
    List<E> hit = stored(key);
    if (hit != null) {
      return hit.stream();
    }
    Stream<E> source = Objects.requireNonNull(load(loader), () -> name + " returned a null Stream");
    Recorder recorder = new Recorder(key, source.iterator());
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(recorder, Spliterator.ORDERED), false)
        .onClose(source::close);
  }

  /** A method returning {@code Iterator}. */
  public Iterator<E> iterator(String key, CachedSite.Loader<Iterator<E>> loader) {
    List<E> hit = stored(key);
    if (hit != null) {
      return hit.iterator();
    }
    return new Recorder(key, Objects.requireNonNull(load(loader), () -> name + " returned a null Iterator"));
  }

  /** A method returning {@code Iterable}: each iteration of a miss records, the first complete one is stored. */
  public Iterable<E> iterable(String key, CachedSite.Loader<Iterable<E>> loader) {
    List<E> hit = stored(key);
    if (hit != null) {
      return hit;
    }
    Iterable<E> source = Objects.requireNonNull(load(loader), () -> name + " returned a null Iterable");
    AtomicBoolean stored = new AtomicBoolean();
    return () -> stored.get() ? source.iterator() : new Recorder(key, source.iterator(), stored);
  }

  /** A method returning {@code Flow.Publisher}: the elements a subscriber receives up to {@code onComplete} are stored. */
  public Flow.Publisher<E> publisher(String key, CachedSite.Loader<Flow.Publisher<E>> loader) {
    List<E> hit = stored(key);
    if (hit != null) {
      return new ListPublisher<>(hit);
    }
    Flow.Publisher<E> source = Objects.requireNonNull(load(loader), () -> name + " returned a null Publisher");
    return subscriber -> source.subscribe(new RecordingSubscriber(key, Objects.requireNonNull(subscriber, "subscriber")));
  }

  private static <X> X load(CachedSite.Loader<X> loader) {
    try {
      return loader.load();
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
  }

  private void store(String key, List<E> elements) {
    Sites.store(cache, access, STRATEGY, log, name, key, elements, ttl);
  }

  /** Passes a miss's elements through, recording them; stores them once the source says there are no more. */
  private final class Recorder implements Iterator<E> {
    private final String key;
    private final Iterator<E> source;
    private final AtomicBoolean stored;
    private final List<E> seen = new ArrayList<>();
    private boolean failed;

    Recorder(String key, Iterator<E> source) {
      this(key, source, new AtomicBoolean());
    }

    Recorder(String key, Iterator<E> source, AtomicBoolean stored) {
      this.key = key;
      this.source = source;
      this.stored = stored;
    }

    @Override
    public boolean hasNext() {
      boolean more;
      try {
        more = source.hasNext();
      } catch (RuntimeException | Error e) {
        failed = true;
        throw e;
      }
      if (!more && !failed && stored.compareAndSet(false, true)) {
        store(key, new ArrayList<>(seen));
      }
      return more;
    }

    @Override
    public E next() {
      E e;
      try {
        e = source.next();
      } catch (NoSuchElementException end) {
        throw end;
      } catch (RuntimeException | Error t) {
        failed = true;
        throw t;
      }
      seen.add(e);
      return e;
    }
  }

  /** Passes a miss's signals through, recording the elements; stores them on {@code onComplete}. */
  private final class RecordingSubscriber implements Flow.Subscriber<E> {
    private final String key;
    private final Flow.Subscriber<? super E> downstream;
    private final List<E> seen = new ArrayList<>();

    RecordingSubscriber(String key, Flow.Subscriber<? super E> downstream) {
      this.key = key;
      this.downstream = downstream;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(E item) {
      seen.add(item);
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      store(key, new ArrayList<>(seen));
      downstream.onComplete();
    }
  }

  /** Replays a stored list to each subscriber, honouring its demand, on the requesting thread. */
  private static final class ListPublisher<E> implements Flow.Publisher<E> {
    private final List<E> elements;

    ListPublisher(List<E> elements) {
      this.elements = elements;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super E> subscriber) {
      Objects.requireNonNull(subscriber, "subscriber");
      if (elements.isEmpty()) { // nothing to wait for: complete without demand (rule 1.9 allows it)
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        subscriber.onComplete();
        return;
      }
      subscriber.onSubscribe(new Flow.Subscription() {
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean emitting = new AtomicBoolean();
        private volatile boolean cancelled;
        private int next;

        @Override
        public void request(long n) {
          if (n <= 0) {
            cancelled = true;
            subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)"));
            return;
          }
          demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
          drain();
        }

        /** Emits while there is demand; one thread at a time, so a request from onNext does not recurse. */
        private void drain() {
          while (emitting.compareAndSet(false, true)) {
            try {
              while (!cancelled && demand.get() > 0 && next < elements.size()) {
                demand.decrementAndGet();
                subscriber.onNext(elements.get(next++));
              }
              if (!cancelled && next == elements.size()) {
                cancelled = true;
                subscriber.onComplete();
              }
            } finally {
              emitting.set(false);
            }
            if (cancelled || demand.get() == 0 || next >= elements.size()) {
              return;
            }
          }
        }

        @Override
        public void cancel() {
          cancelled = true;
        }
      });
    }
  }

  @Override
  public String toString() {
    return "IteratorSite[" + name + "]";
  }
}
