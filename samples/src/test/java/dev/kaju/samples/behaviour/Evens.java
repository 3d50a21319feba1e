package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Bloom;
import java.util.concurrent.CompletionStage;

/** @Bloom(dual = true) through the generated EvensCached (cashews bloom-03). */
public interface Evens {

  @Bloom(capacity = 100, falsePositives = 1, key = "name:{k}", dual = true)
  boolean even(int k);

  @Bloom(capacity = 100, dual = true)
  CompletionStage<Boolean> evenLater(int k);

  /** Joins even's true filter: even(k) then answers true without a call, or calls when its false filter holds k. */
  @Bloom.Add("even")
  void markEven(int k);
}
