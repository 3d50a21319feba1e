package dev.kaju.internal.setup;

import dev.kaju.internal.Names;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The installed backend factories (found with {@link ServiceLoader}) and the checking of setup
 * options against them.
 */
public final class Options {

  /** Options every backend takes; the cache handles them. */
  public static final List<Option> COMMON =
      List.of(
          Option.of("enable", Option.Type.BOOLEAN, "true", "false sets the backend up disabled"),
          Option.of("disable", Option.Type.BOOLEAN, "false", "true sets the backend up disabled"));

  /** Schemes whose backend lives in a module of ours, for the "add this artifact" message. */
  private static final Map<String, String> ARTIFACTS =
      Map.of(
          "redis", "dev.kaju:kaju-runtime-redis",
          "rediss", "dev.kaju:kaju-runtime-redis",
          "disk", "dev.kaju:kaju-runtime-chronicle",
          "chronicle", "dev.kaju:kaju-runtime-chronicle",
          "mem", "dev.kaju:kaju-runtime");

  private Options() {}

  private static final class Installed {
    static final Map<String, BackendFactory> BY_SCHEME = load();

    private static Map<String, BackendFactory> load() {
      Map<String, BackendFactory> byScheme = new TreeMap<>();
      for (BackendFactory f : ServiceLoader.load(BackendFactory.class, Options.class.getClassLoader())) {
        for (String s : f.schemes()) {
          byScheme.putIfAbsent(s.toLowerCase(Locale.ROOT), f);
        }
      }
      return byScheme;
    }
  }

  /**
   * The factory serving {@code scheme}.
   *
   * @throws IllegalArgumentException naming the artifact to add, or the known schemes
   */
  public static BackendFactory factory(String scheme, String url) {
    BackendFactory f = Installed.BY_SCHEME.get(scheme);
    if (f != null) {
      return f;
    }
    String artifact = ARTIFACTS.get(scheme);
    if (artifact != null) {
      return fail(
          "no backend for " + scheme + ":// (in '" + SetupUrl.redact(url) + "'): add the artifact " + artifact + " to the class path");
    }
    return fail(
        "unknown backend scheme '" + scheme + "' in '" + SetupUrl.redact(url) + "'; known schemes: "
            + String.join(", ", new TreeSet<>(union(Installed.BY_SCHEME.keySet(), ARTIFACTS.keySet())))
            + didYouMean(scheme, union(Installed.BY_SCHEME.keySet(), ARTIFACTS.keySet())));
  }

  private static <T> T fail(String message) {
    throw new IllegalArgumentException(message);
  }

  /**
   * Checks an option set through {@code Settings}: its name must belong to some installed backend
   * (or be common), and its value must parse.
   */
  public static void checkKnown(String name, String value) {
    Map<String, Option> all = new TreeMap<>();
    COMMON.forEach(o -> all.put(o.name(), o));
    for (BackendFactory f : Installed.BY_SCHEME.values()) {
      f.options().forEach(o -> all.putIfAbsent(o.name(), o));
    }
    Option option = all.get(name);
    if (option == null) {
      throw new IllegalArgumentException(
          "unknown option '" + name + "'; valid options: " + String.join(", ", all.keySet())
              + didYouMean(name, all.keySet()));
    }
    option.parse(value);
  }

  /**
   * Merges URL and {@code Settings} options, checks every name against {@code factory} and parses
   * every value, filling in defaults.
   *
   * @throws IllegalArgumentException for an unknown option (listing the valid ones), a bad value,
   *     or an option given twice
   */
  public static Map<String, Object> resolve(
      String scheme, BackendFactory factory, Map<String, String> fromUrl, Map<String, String> fromSettings) {
    Map<String, Option> valid = new TreeMap<>();
    COMMON.forEach(o -> valid.put(o.name(), o));
    factory.options().forEach(o -> valid.put(o.name(), o));

    Map<String, String> given = new LinkedHashMap<>(fromUrl);
    fromSettings.forEach(
        (name, value) -> {
          String inUrl = given.put(name, value);
          if (inUrl != null) {
            throw new IllegalArgumentException(
                "option " + name + " is given both in the URL (" + inUrl + ") and in Settings (" + value
                    + "); give it once");
          }
        });
    Map<String, Object> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      Option option = valid.get(e.getKey());
      if (option == null) {
        throw new IllegalArgumentException(
            "unknown option '" + e.getKey() + "' for " + scheme + "://; valid options: "
                + String.join(", ", valid.keySet()) + didYouMean(e.getKey(), valid.keySet()));
      }
      parsed.put(option.name(), option.parse(e.getValue()));
    }
    for (Option o : valid.values()) {
      if (!parsed.containsKey(o.name()) && o.defaultValue() != null) {
        parsed.put(o.name(), o.parse(o.defaultValue()));
      }
    }
    return parsed;
  }

  /** {@code "; did you mean 'size'?"} for a near name, else {@code ""}. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return Names.didYouMean(name, candidates);
  }

  private static Collection<String> union(Collection<String> a, Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.stream().distinct().sorted().collect(Collectors.toList());
  }
}
