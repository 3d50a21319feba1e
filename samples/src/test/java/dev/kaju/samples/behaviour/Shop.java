package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Condition;
import dev.kaju.annotation.KeyFormatter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The interface the behaviour tests run through its generated ShopCached. */
@Cached(ttl = "1h")
public interface Shop {

  enum Color { RED, BLUE }

  record User(String name, Profile profile) {}

  record Profile(String email, int age, boolean vip) {}

  final class Money {
    final long cents;
    final String currency;

    public Money(long cents, String currency) {
      this.cents = cents;
      this.currency = currency;
    }
  }

  class CustomError extends RuntimeException {
    public CustomError(String message) {
      super(message);
    }
  }

  // ---- keys ----
  @Cached
  String plain(String a, int b);

  @Cached(key = "user:{user.name}:{user.profile.email:lower}:{user.profile.age}")
  String nested(User user);

  @Cached(key = "fmt:{a:upper}:{a:len}:{a:hash}:{a:hash(sha1)}:{a:hash(sha256)}")
  String formatters(String a);

  @Cached(key = "jwt:{token:jwt(user)}")
  String jwt(String token);

  @Cached(key = "ctx:{@:get(client_id)}:{page}")
  String context(int page);

  @Cached(key = "kinds:{flag}:{color}:{items}:{maybe}:{nothing}:{ratio}")
  String kinds(boolean flag, Color color, List<Object> items, Optional<String> maybe, String nothing, double ratio);

  @Cached(key = "money:{price}:{name:shout(3)}")
  String money(Money price, String name);

  @Cached(key = "args:{a:hash({algo})}:{token:jwt({claim})}:{a:shout({times})}")
  String formatterArguments(String a, String algo, String token, String claim, int times);

  @Cached(prefix = "v2", key = "versioned:{id}")
  String versioned(long id);

  // ---- conditions ----
  @Cached(key = "nullable:{id}")
  String nullable(int id);

  @Cached(key = "notnull:{id}", condition = Condition.NOT_NULL)
  String notNull(int id);

  @Cached(key = "optional:{id}", condition = Condition.NOT_NULL)
  Optional<String> optional(int id);

  @Cached(key = "cond:{value}", conditionMethod = "onlyHit")
  String conditioned(String value);

  @Cached(key = "acond:{value}", conditionMethod = "onlyHit")
  CompletableFuture<String> asyncConditioned(String value);

  static boolean onlyHit(String result) {
    return "hit".equals(result);
  }

  @Cached(key = "exc:{mode}", cacheExceptions = CustomError.class)
  String withExceptions(String mode);

  @Cached(key = "only:{mode}", onlyExceptions = CustomError.class)
  String onlyExceptions(String mode);

  @Cached(key = "io:{mode}", cacheExceptions = IOException.class)
  String checked(String mode) throws IOException;

  @Cached(key = "slow:{millis}", timeCondition = "100ms")
  String timed(int millis);

  // ---- TTLs ----
  @Cached(key = "short:{id}", ttl = "10s")
  String shortLived(int id);

  @Cached(key = "dyn:{vip}", ttlMethod = "ttlFor")
  String dynamicTtl(boolean vip);

  static Duration ttlFor(boolean vip) {
    return vip ? Duration.ofHours(2) : Duration.ofMinutes(5);
  }

  @Cached(key = "dyn2:{id}", ttlMethod = "textTtl")
  String textTtl(int id);

  default String textTtl() {
    return "90s";
  }

  // ---- locks and async ----
  @Cached(key = "locked:{id}", lock = true)
  String locked(int id);

  @Cached(key = "unlocked:{id}")
  String unlocked(int id);

  @Cached(key = "async:{id}")
  CompletableFuture<String> async(int id);

  @Cached(key = "stage:{id}", cacheExceptions = CustomError.class)
  CompletionStage<String> stage(int id);

  // ---- shapes ----
  @Cached(key = "prim:{id}")
  long primitive(int id);

  @Cached(key = "list:{n}")
  List<String> list(int n);

  @Cached(key = "generic:{id}")
  <T extends Comparable<T>> T generic(T id);

  // ---- issue 10: the default key is injective; hostile values are misses ----
  @Cached
  String pair(String a, String b);

  @Cached
  String one(String a);

  @Cached
  String maybe(Optional<String> a);

  @Cached
  String bytes(byte[] a);

  @Cached
  String items(List<String> a);

  @Cached
  String letter(char a);

  @Cached(key = "nullstage:{id}")
  CompletionStage<String> nullStage(int id);

  String notCached(String a);

  default String greet(String name) {
    return "hello " + name;
  }

  @KeyFormatter
  static String money(Money m) {
    return m.cents + m.currency;
  }

  @KeyFormatter("shout")
  static String shout(String s, String times) {
    return s.toUpperCase().repeat(Integer.parseInt(times));
  }
}
