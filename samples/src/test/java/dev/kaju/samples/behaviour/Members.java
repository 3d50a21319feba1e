package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Bloom;
import java.util.concurrent.CompletableFuture;

/** @Bloom and @Bloom.Add through the generated MembersCached (cashews bloom-01). */
public interface Members {

  @Bloom(capacity = 100, falsePositives = 1, key = "name:{k}")
  boolean exists(int k);

  /** cashews' func.set(k): runs, and adds k when it answers true. */
  @Bloom.Add("exists")
  boolean register(int k);

  @Bloom(capacity = 1000)
  CompletableFuture<Boolean> email(String address);

  @Bloom.Add("email")
  void subscribe(String address, String name);
}
