package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Early;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Hit;
import dev.kaju.annotation.Soft;
import java.util.concurrent.CompletableFuture;

/** Tags on @Soft, @Early and @Hit (cashews tag-13, hit-05), and the KeyContext of their background work. */
public interface Tagged {

  @Soft(ttl = "80s", softTtl = "20s", key = "key:{a}:{b}", tags = {"all", "tag:{a}"})
  String soft(int a, int b);

  @Early(ttl = "1h", earlyTtl = "10s", key = "key:{a}:{b}", tags = {"all", "tag:{a}"})
  String early(int a, int b);

  @Early(ttl = "1h", earlyTtl = "10s", key = "async:{a}", tags = {"all", "tag:{a}"})
  CompletableFuture<String> earlyAsync(int a);

  @Hit(ttl = "1h", cacheHits = 5, updateAfter = 2, key = "key:{a}", tags = {"all", "tag:{a}"})
  String hit(int a);

  /** Task 2: the inner step's key reads the caller's KeyContext, also when @Early recomputes in the background. */
  @Early(ttl = "1h", earlyTtl = "10s", key = "ctx:{a}")
  @Failover(ttl = "1h", key = "{@:get(tenant)}:{a}")
  String earlyInContext(int a);

  /** The same under @Hit's background recomputation. */
  @Hit(ttl = "1h", cacheHits = 5, updateAfter = 1, key = "ctx:{a}")
  @Failover(ttl = "1h", key = "{@:get(tenant)}:{a}")
  String hitInContext(int a);

  /** tag-14, outer layer: a @Cached over the generated SoftLayerCached (one storing step per method). */
  interface Outer {
    @Cached(ttl = "1h", key = "outer:{a}", tags = "all")
    String get(int a);
  }

  /** tag-14, inner layer. */
  interface SoftLayer {
    @Soft(ttl = "1h", softTtl = "10m", key = "inner:{a}", tags = {"all", "tag:{a}"})
    String get(int a);
  }
}
