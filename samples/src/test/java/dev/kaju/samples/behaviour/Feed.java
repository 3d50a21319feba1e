package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/** @Cached on methods returning iterators: run through the generated FeedCached. */
@Cached(ttl = "10m")
public interface Feed {

  @Cached(key = "iterator")
  Stream<String> chunks();

  @Cached(key = "it:{n}")
  Iterator<Integer> numbers(int n);

  @Cached(key = "able:{n}")
  Iterable<Integer> iterable(int n);

  @Cached(key = "pub:{n}")
  Flow.Publisher<Integer> publisher(int n);
}
