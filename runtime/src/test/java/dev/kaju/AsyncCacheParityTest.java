package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Lettuce's habit: the sync and async facades offer exactly the same commands. */
class AsyncCacheParityTest {
  private static final Set<String> CONTROL =
      Set.of("setup", "async", "sync", "disable", "enable", "isDisabled", "disabling", "callback", "detect", "close", "create",
          "setDefaultFailExceptions", "defaultFailExceptions", "registerTag", "getKeyTags", "transaction");

  private static Set<String> commands(Class<?> type) {
    return Arrays.stream(type.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getDeclaringClass() == type)
        .filter(m -> !CONTROL.contains(m.getName()))
        .map(AsyncCacheParityTest::signature)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
  }

  @Test
  @DisplayName("Cache and AsyncCache declare the same commands with the same parameters")
  void sameCommands() {
    Set<String> sync = commands(Cache.class);
    Set<String> async = commands(AsyncCache.class);
    assertThat(async).isEqualTo(sync);
    assertThat(sync).hasSizeGreaterThan(40);
  }

  @Test
  @DisplayName("every Command has a method on Cache")
  void everyCommandHasAMethod() {
    Set<String> names = Arrays.stream(Cache.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
    for (Command c : Command.values()) {
      String camel = camel(c.name());
      assertThat(names).as("method for %s", c).contains(camel);
    }
  }

  private static String camel(String constant) {
    StringBuilder sb = new StringBuilder();
    for (String part : constant.toLowerCase().split("_")) {
      sb.append(sb.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return sb.toString();
  }
}
