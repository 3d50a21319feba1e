package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the generated-code contract: its version check, and caches other than Kaju's own")
class ContractTest {

  @Test
  @DisplayName("a class generated for another contract version fails at construction, naming both versions and the fix")
  void versionCheck() {
    assertThatCode(() -> Contract.check(Contract.VERSION, ContractTest.class)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Contract.check(Contract.VERSION + 1, ContractTest.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ContractTest.class.getName())
        .hasMessageContaining("contract " + (Contract.VERSION + 1))
        .hasMessageContaining("implements contract " + Contract.VERSION)
        .hasMessageContaining("same Kaju version");
  }

  @Test
  @DisplayName("Kaju's cache is its own SiteAccess; another Cache (a decorator) is reached through get(key, miss)")
  void siteAccess() {
    try (Cache kaju = Cache.create().setup("mem://")) {
      assertThat(SiteAccess.of(kaju)).isSameAs(kaju);
      kaju.set("k", "v");
      List<String> calls = new ArrayList<>();
      Cache decorator = (Cache) Proxy.newProxyInstance(
          Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
            calls.add(method.getName());
            return method.invoke(kaju, args);
          });
      SiteAccess access = SiteAccess.of(decorator);
      assertThat(access.lookup("k", CachedSite.MISS, "simple", Duration.ofSeconds(1))).isEqualTo("v");
      assertThat(access.lookup("none", CachedSite.MISS, "simple", null)).isSameAs(CachedSite.MISS);
      assertThat(calls).containsExactly("get", "get");

      CachedSite<String> site = CachedSite.<String>builder(decorator, "Test.site").type(String.class).build();
      assertThat(site.lookup("k")).isEqualTo("v");
      assertThat(site.load("fresh", () -> "computed")).isEqualTo("computed");
      assertThat((Object) kaju.get("fresh")).isEqualTo("computed");
    }
  }
}
