package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' iterator strategy (iter-01..03) through FeedCached, on memory. */
@DisplayName("@Cached on Stream, Iterator, Iterable and Flow.Publisher")
class IteratorTest {
  private final Cache cache = Cache.create().setup("mem://");
  private final AtomicInteger sourceCalls = new AtomicInteger();
  private volatile String failAt;

  private final Feed feed = new FeedCached(new Feed() {
    @Override
    public Stream<String> chunks() {
      return Stream.of("a", "b", "c", "d").peek(chunk -> {
        sourceCalls.incrementAndGet();
        if (chunk.equals(failAt)) {
          throw new IllegalStateException("broken at " + chunk);
        }
      });
    }

    @Override
    public Iterator<Integer> numbers(int n) {
      sourceCalls.incrementAndGet();
      return IntStream.range(0, n).boxed().iterator();
    }

    @Override
    public Iterable<Integer> iterable(int n) {
      sourceCalls.incrementAndGet();
      return IntStream.range(0, n).boxed().toList();
    }

    @Override
    public Flow.Publisher<Integer> publisher(int n) {
      sourceCalls.incrementAndGet();
      SubmissionPublisher<Integer> p = new SubmissionPublisher<>();
      CompletableFuture.runAsync(() -> {
        while (p.getNumberOfSubscribers() == 0) {
          Thread.onSpinWait();
        }
        for (int i = 0; i < n; i++) {
          p.submit(i);
        }
        p.close();
      });
      return p;
    }
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("iter-01: the first iteration runs the source (4 chunks); the second replays them with no source call")
  void replay() {
    assertThat(feed.chunks().toList()).containsExactly("a", "b", "c", "d");
    assertThat(sourceCalls).hasValue(4);
    assertThat(feed.chunks().toList()).containsExactly("a", "b", "c", "d");
    assertThat(sourceCalls).hasValue(4);
  }

  @Test
  @DisplayName("iter-03: an error mid-stream stores nothing; the next iteration runs the source again and is cached")
  void errorStoresNothing() {
    failAt = "c";
    assertThatThrownBy(() -> feed.chunks().toList()).hasMessage("broken at c");
    assertThat(cache.exists("iterator")).isFalse();
    failAt = null;
    assertThat(feed.chunks().toList()).containsExactly("a", "b", "c", "d");
    int calls = sourceCalls.get();
    assertThat(feed.chunks().toList()).containsExactly("a", "b", "c", "d");
    assertThat(sourceCalls).hasValue(calls);
  }

  @Test
  @DisplayName("a consumer that stops early stores nothing partial")
  void stopEarly() {
    assertThat(feed.chunks().findFirst()).contains("a");
    assertThat(feed.chunks().limit(2).toList()).containsExactly("a", "b");
    assertThat(cache.exists("iterator")).isFalse();
    Iterator<Integer> it = feed.numbers(5);
    it.next();
    assertThat(cache.exists("it:5")).isFalse();
  }

  @Test
  @DisplayName("Iterator and Iterable: a complete iteration is stored and replayed")
  void iterators() {
    List<Integer> seen = new ArrayList<>();
    feed.numbers(3).forEachRemaining(seen::add);
    assertThat(seen).containsExactly(0, 1, 2);
    seen.clear();
    feed.numbers(3).forEachRemaining(seen::add);
    assertThat(seen).containsExactly(0, 1, 2);
    List<Integer> again = new ArrayList<>();
    feed.iterable(4).forEach(again::add);
    feed.iterable(4).forEach(again::add);
    assertThat(again).containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
    assertThat(sourceCalls).hasValue(2);
    assertThat((Object) cache.get("able:4")).isEqualTo(List.of(0, 1, 2, 3));
  }

  @Test
  @DisplayName("Flow.Publisher: the elements up to onComplete are stored and replayed to the next subscriber, with its demand")
  void publisher() throws Exception {
    assertThat(collect(feed.publisher(5))).containsExactly(0, 1, 2, 3, 4);
    assertThat(collect(feed.publisher(5))).containsExactly(0, 1, 2, 3, 4);
    assertThat(sourceCalls).hasValue(1);
  }

  private static List<Integer> collect(Flow.Publisher<Integer> publisher) throws Exception {
    List<Integer> out = new ArrayList<>();
    CompletableFuture<List<Integer>> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
      }

      @Override
      public void onNext(Integer item) {
        out.add(item);
        subscription.request(1); // one at a time: demand is honoured
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(out);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
