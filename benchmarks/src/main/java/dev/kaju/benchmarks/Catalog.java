package dev.kaju.benchmarks;

import dev.kaju.annotation.Cached;
import java.util.concurrent.CompletableFuture;

/** The service the benchmarks cache; Kaju generates {@code CatalogCached} from it. */
@Cached(ttl = "1h")
public interface Catalog {

  record User(long id, Profile profile) {}

  record Profile(String email) {}

  @Cached(key = "product:{id}")
  String product(long id);

  @Cached(key = "product:{id}")
  CompletableFuture<String> productAsync(long id);

  @Cached(key = "user:{user.profile.email:lower}")
  String byEmail(User user);
}
