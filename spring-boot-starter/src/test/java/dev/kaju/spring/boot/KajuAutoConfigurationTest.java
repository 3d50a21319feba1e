package dev.kaju.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Middleware;
import dev.kaju.spring.boot.app.Directory;
import dev.kaju.spring.boot.app.Greeter;
import dev.kaju.spring.boot.app.GreeterCached;
import dev.kaju.spring.boot.app.Store;
import dev.kaju.spring.boot.app.StoreCached;
import dev.kaju.spring.boot.internal.CachedBeanWrapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Cache bean from kaju.* properties, and which beans are wrapped: contexts without a server. */
@DisplayName("KajuAutoConfiguration")
class KajuAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KajuAutoConfiguration.class));

  /** A greeter that records the names it was asked for. */
  static final class RecordingGreeter implements Greeter {
    final List<String> asked = new ArrayList<>();

    @Override
    public String greet(String name) {
      asked.add(name);
      return "hi " + name;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class GreeterConfig {
    @Bean
    RecordingGreeter greeter() {
      return new RecordingGreeter();
    }
  }

  @Test
  @DisplayName("without properties the Cache is mem:// and answers; it is closed with the context")
  void defaultCache() {
    Cache[] kept = new Cache[1];
    runner.run(context -> {
      Cache cache = context.getBean(Cache.class);
      kept[0] = cache;
      assertThat(cache.ping()).isEqualTo("PONG");
      cache.set("k", "v");
      assertThat(cache.<String>get("k")).isEqualTo("v");
    });
    assertThatThrownBy(() -> kept[0].get("k")).isInstanceOf(IllegalStateException.class);
  }

  /** Sets each key to "v" in the cache of a context with these properties, and reads them back. */
  private Map<String, Object> roundTrip(List<String> keys, String... properties) {
    Map<String, Object> read = new HashMap<>();
    runner.withPropertyValues(properties).run(context -> {
      Cache cache = context.getBean(Cache.class);
      keys.forEach(key -> cache.set(key, "v"));
      keys.forEach(key -> read.put(key, cache.get(key)));
    });
    return read;
  }

  @Test
  @DisplayName("kaju.prefixes routes keys by prefix: here 'users' to a disabled backend, the rest to the default")
  void prefixes() {
    assertThat(roundTrip(List.of("users:1", "items:1"), "kaju.url=mem://?size=100", "kaju.prefixes.users=mem://?enable=false"))
        .containsEntry("users:1", null)
        .containsEntry("items:1", "v");
  }

  @Test
  @DisplayName("kaju.options are options of the default backend (kebab-case for underscores); kaju.enabled=false disables it")
  void optionsAndEnabled() {
    assertThat(roundTrip(List.of("k"), "kaju.options.size=100", "kaju.options.check-interval=5s")).containsEntry("k", "v");
    assertThat(roundTrip(List.of("k"), "kaju.enabled=false")).containsEntry("k", null);
  }

  @Configuration(proxyBeanMethods = false)
  static class LowerCaseKeys {
    @Bean
    KajuSetupCustomizer lowerCaseKeys() {
      return (prefix, settings, middlewares) -> middlewares.add(Middleware.allKeysLower());
    }
  }

  @Test
  @DisplayName("a KajuSetupCustomizer bean adds a middleware to every setup, the default's and each prefix's")
  void customizer() {
    runner.withUserConfiguration(LowerCaseKeys.class).withPropertyValues("kaju.prefixes.users=mem://").run(context -> {
      Cache cache = context.getBean(Cache.class);
      cache.set("KEY", "v");
      cache.set("users:ANN", "ann");
      assertThat(cache.<String>get("key")).isEqualTo("v");
      assertThat(cache.<String>get("users:ann")).isEqualTo("ann");
    });
  }

  @Test
  @DisplayName("an unknown option fails the context with a message that names it")
  void unknownOption() {
    runner.withPropertyValues("kaju.options.sise=100").run(context -> assertThat(context)
        .hasFailed()
        .getFailure()
        .rootCause()
        .hasMessageContaining("sise"));
  }

  @Test
  @DisplayName("a Cache bean of the application's own wins")
  void ownCacheWins() {
    Cache own = Cache.create().setup("mem://");
    runner.withBean("myCache", Cache.class, () -> own).run(context -> {
      assertThat(context).hasSingleBean(Cache.class);
      assertThat(context.getBean(Cache.class)).isSameAs(own);
    });
    own.close();
  }

  @Test
  @DisplayName("a bean implementing a @Cached interface is wrapped: injected by the interface, a second call is a hit")
  void wraps() {
    runner.withUserConfiguration(GreeterConfig.class).run(context -> {
      Greeter greeter = context.getBean(Greeter.class);
      assertThat(greeter).isInstanceOf(GreeterCached.class);
      assertThat(greeter.greet("ann")).isEqualTo("hi ann");
      assertThat(greeter.greet("ann")).isEqualTo("hi ann");
      assertThat(context.getBean(Cache.class).<String>get("greetings:ann")).isEqualTo("hi ann");
      // by its class there is no bean: the context holds the wrapper, and its predicted type says so
      assertThat(context.getBeanNamesForType(RecordingGreeter.class)).isEmpty();
      assertThat(context.getBeanNamesForType(Greeter.class)).containsExactly("greeter");
    });
  }

  @Test
  @DisplayName("the delegate runs once for two calls")
  void delegateRunsOnce() {
    RecordingGreeter real = new RecordingGreeter();
    runner.withBean("greeter", Greeter.class, () -> real).run(context -> {
      Greeter greeter = context.getBean(Greeter.class);
      greeter.greet("bob");
      greeter.greet("bob");
      assertThat(real.asked).containsExactly("bob");
    });
  }

  @Test
  @DisplayName("kaju.wrap=false leaves beans alone and registers no wrapper")
  void wrapOff() {
    runner.withUserConfiguration(GreeterConfig.class).withPropertyValues("kaju.wrap=false").run(context -> {
      assertThat(context).doesNotHaveBean(CachedBeanWrapper.class);
      assertThat(context.getBean(Greeter.class)).isInstanceOf(RecordingGreeter.class);
    });
  }

  @Test
  @DisplayName("a bean that is a *Cached instance already is not wrapped again")
  void alreadyWrapped() {
    GreeterCached[] made = new GreeterCached[1];
    runner.withBean("greeter", Greeter.class,
        () -> made[0] = new GreeterCached(new RecordingGreeter(), Cache.create().setup("mem://"))).run(context ->
        assertThat(context.getBean(Greeter.class)).isSameAs(made[0]));
  }

  static final class Names implements Store<String> {
    @Override
    public String load(String id) {
      return "name " + id;
    }
  }

  static final class Numbers implements Store<Integer> {
    @Override
    public Integer load(String id) {
      return id.length();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Stores {
    @Bean
    Names names() {
      return new Names();
    }

    @Bean
    Numbers numbers() {
      return new Numbers();
    }
  }

  /** Injects a generic interface by its type argument. */
  static class StoreUser {
    @Autowired Store<String> names;
    @Autowired Store<Integer> numbers;
  }

  @Test
  @DisplayName("beans of a generic interface are wrapped, and injected by their type argument")
  void generic() {
    runner.withUserConfiguration(Stores.class, StoreUser.class).run(context -> {
      StoreUser user = context.getBean(StoreUser.class);
      assertThat(user.names).isInstanceOf(StoreCached.class);
      assertThat(user.numbers).isInstanceOf(StoreCached.class);
      assertThat(user.names.load("1")).isEqualTo("name 1");
      assertThat(user.numbers.load("abc")).isEqualTo(3);
    });
  }

  /** Two cached interfaces in one bean. */
  static final class Both implements Greeter, Directory {
    @Override
    public String greet(String name) {
      return name;
    }

    @Override
    public String lookup(String name) {
      return name;
    }
  }

  @Test
  @DisplayName("a bean implementing two @Cached interfaces fails, naming both and the way out")
  void twoInterfaces() {
    runner.withBean("both", Both.class, Both::new).run(context -> assertThat(context)
        .hasFailed()
        .getFailure()
        .rootCause()
        .hasMessageContaining("bean 'both'")
        .hasMessageContaining(Greeter.class.getName())
        .hasMessageContaining(Directory.class.getName())
        .hasMessageContaining("kaju.wrap=false"));
  }

  @Test
  @DisplayName("the wrapper knows every factory the processor listed for the test sources")
  void index() {
    runner.run(context -> assertThat(context.getBean(CachedBeanWrapper.class).factories())
        .containsOnlyKeys(Greeter.class, Directory.class, Store.class));
  }

  /** A greeter that needs a bean which needs it back: the context asks for it before it is initialized. */
  static class CyclicGreeter implements Greeter {
    @Autowired NeedsGreeter other;

    @Override
    public String greet(String name) {
      return name;
    }
  }

  static class NeedsGreeter {
    @Autowired Greeter greeter;
  }

  @Test
  @DisplayName("a cached bean referenced before it is initialized (a cycle) is wrapped once, the same wrapper everywhere")
  void circular() {
    runner.withAllowCircularReferences(true).withUserConfiguration(CyclicGreeter.class, NeedsGreeter.class).run(context -> {
          assertThat(context).hasNotFailed();
          Greeter greeter = context.getBean(Greeter.class);
          assertThat(greeter).isInstanceOf(GreeterCached.class);
          assertThat(context.getBean(NeedsGreeter.class).greeter).isSameAs(greeter);
        });
  }

  @Test
  @DisplayName("in a servlet web application the three HTTP filters are registered in order; kaju.servlet.enabled=false, or no web application, registers none")
  void servletFilters() {
    org.springframework.boot.test.context.runner.WebApplicationContextRunner web =
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KajuAutoConfiguration.class, KajuServletAutoConfiguration.class));
    web.run(context -> {
      var filters = context.getBeansOfType(org.springframework.boot.web.servlet.FilterRegistrationBean.class);
      assertThat(filters).containsOnlyKeys("kajuClearSiteDataFilter", "kajuEtagFilter", "kajuCacheControlFilter");
      assertThat(filters.get("kajuClearSiteDataFilter").getFilter()).isInstanceOf(dev.kaju.servlet.ClearSiteDataFilter.class);
      assertThat(filters.get("kajuEtagFilter").getOrder()).isGreaterThan(filters.get("kajuClearSiteDataFilter").getOrder());
      assertThat(filters.get("kajuCacheControlFilter").getOrder()).isGreaterThan(filters.get("kajuEtagFilter").getOrder());
    });
    web.withPropertyValues("kaju.servlet.enabled=false")
        .run(context -> assertThat(context.getBeansOfType(org.springframework.boot.web.servlet.FilterRegistrationBean.class)).isEmpty());
    runner.withConfiguration(AutoConfigurations.of(KajuServletAutoConfiguration.class))
        .run(context -> assertThat(context.getBeansOfType(org.springframework.boot.web.servlet.FilterRegistrationBean.class)).isEmpty());
  }
}
