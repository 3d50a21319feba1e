package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Early;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Hit;
import dev.kaju.annotation.Soft;
import java.util.concurrent.CompletableFuture;

/** @Soft, @Early and @Hit through the generated FreshCached, with cashews' values. */
public interface Fresh {

  @Soft(ttl = "80s", softTtl = "20s", key = "key")
  String soft(String value);

  @Early(ttl = "20s", earlyTtl = "10s", key = "key")
  String early(String value);

  @Hit(ttl = "1000s", cacheHits = 10, key = "test")
  String hit(String value);

  @Hit(ttl = "10s", cacheHits = 5, updateAfter = 1, key = "test2")
  String hitEarly(String value);

  @Early(ttl = "20s", key = "async")
  CompletableFuture<String> earlyAsync(String value);

  /** fail-04 over a stored Soft value. */
  @Failover(ttl = "1h", key = "fail", prefix = "")
  @Soft(ttl = "80s", softTtl = "20s", key = "soft2")
  String softUnderFailover(String value);
}
