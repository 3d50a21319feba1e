package com.example;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Condition;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Invalidate;
import dev.kaju.annotation.KeyFormatter;
import dev.kaju.annotation.Soft;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

@Cached(ttl = "1h", prefix = "v1")
public interface UserService {

  record Account(String uid, int level) {}

  final class Request {
    private final Account user;

    public Request(Account user) {
      this.user = user;
    }

    public Account getUser() {
      return user;
    }
  }

  @Cached(ttl = "3h", key = "user:{request.user.uid}")
  String profile(Request request);

  @Cached(condition = Condition.NOT_NULL, lock = true)
  Optional<String> find(long id, String name);

  @Cached(key = "status:{name:lower}", cacheExceptions = IOException.class)
  CompletableFuture<String> status(String name) throws IOException;

  @Cached(ttlMethod = "itemsTtl", key = "items:{page}:{token:jwt(user)}:{@:get(client_id)}", tags = {"items", "page:{page}"})
  List<String> items(int page, String token);

  @Cached(key = "count:{tags:initials}", timeCondition = "10ms")
  int count(List<String> tags);

  @Failover(ttl = "1d", exceptions = IOException.class)
  @Cached(ttl = "10m", key = "weather:{city}")
  String weather(String city) throws IOException;

  @Failover
  CompletableFuture<List<String>> news(String topic);

  @Soft(ttl = "1h", softTtl = "5m", key = "rates:{currency}", tags = {"rates", "rates:{currency:lower}"})
  String rates(String currency);

  enum Plan { FREE, PRO }

  record Member(Account account, Plan plan, List<String> roles, Optional<Member> sponsor) {}

  @Cached(key = "member:{uid}")
  Member member(String uid);

  void save(Account account);

  @Invalidate({"user:{uid}", "items:*"})
  void rename(String uid, String name);

  default String greeting(String name) {
    return "hello " + name;
  }

  static Duration itemsTtl(int page, String token) {
    return page == 1 ? Duration.ofMinutes(1) : Duration.ofMinutes(10);
  }

  @KeyFormatter("initials")
  static String initials(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(w.isEmpty() ? "" : w.substring(0, 1));
    }
    return sb.toString();
  }
}
