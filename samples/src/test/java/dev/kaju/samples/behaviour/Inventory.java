package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Invalidate;
import java.util.concurrent.CompletableFuture;

/** @Invalidate beside the @Cached methods whose entries it removes: run through InventoryCached. */
@Cached(ttl = "1h")
public interface Inventory {

  @Cached(key = "item:{id}")
  String item(String id);

  @Cached(key = "hashed:{id:hash}")
  String hashed(String id);

  /** inv-01: after the call, the rendered key goes. */
  @Invalidate("item:{id}")
  void update(String id);

  /** inv-03: the same formatters as the key. */
  @Invalidate("hashed:{id:hash}")
  String updateHashed(String id);

  /** A wildcard of the template; the argument before it is escaped. */
  @Invalidate("item:{prefix}*")
  void dropPrefix(String prefix);

  @Invalidate({"item:{id}", "hashed:{id:hash}"})
  CompletableFuture<String> updateAsync(String id);

  /** tag-12: tags are templates rendered with the call's arguments. */
  @Cached(key = "key:{a}:{b}", tags = {"all", "tag:{a}"})
  String tagged(int a, int b);

  @Cached(key = "akey:{a}", tags = {"all", "atag:{a}"})
  CompletableFuture<String> taggedAsync(int a);

  /** Throws: nothing is invalidated. */
  @Invalidate("item:{id}")
  void failing(String id);
}
