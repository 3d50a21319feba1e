package dev.kaju.internal;

import dev.kaju.KeyContext;
import dev.kaju.support.Formatters;
import dev.kaju.support.KeyParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags (cashews' "Tags"): a tag's members are kept in a set at {@code _tag:<tag>} in the backend
 * the tag key routes to, so deleting a tag pops its members in batches and never scans the
 * keyspace. {@link #register} ties a tag template to a key template, so that {@link #tagsOf} can
 * name the tags of a key ({@code getKeyTags}) and a deleted key leaves its tag sets.
 */
final class Tags {
  /** The prefix of a tag's member set. */
  static final String PREFIX = "_tag:";
  /** How many members a {@code deleteTags} pops at a time (cashews tag-10). */
  static final int BATCH = 100;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}:]*)(?::([^{}]*))?\\}");

  private final List<Registration> registrations = new CopyOnWriteArrayList<>();

  /** The member set of {@code tag}. */
  static String setKey(String tag) {
    return PREFIX + tag;
  }

  /** Registers {@code tagTemplate} for keys matching {@code keyTemplate} ({@code "key{i}"}). */
  void register(String tagTemplate, String keyTemplate) {
    Objects.requireNonNull(tagTemplate, "tag");
    Objects.requireNonNull(keyTemplate, "keyTemplate");
    if (tagTemplate.isEmpty() || keyTemplate.isEmpty()) {
      throw new IllegalArgumentException("a tag and its key template must not be empty");
    }
    registrations.add(new Registration(tagTemplate, regex(keyTemplate)));
  }

  boolean any() {
    return !registrations.isEmpty();
  }

  /**
   * The registered tags of {@code key}, in registration order, each rendered from what the key's
   * placeholders captured (tag-01..04): a tag placeholder takes the capture of the same name, a
   * built-in formatter ({@code lower}, {@code upper}, {@code len}, {@code hash}...) applied, or,
   * when the key template has no such name, the {@code KeyContext} value.
   */
  List<String> tagsOf(String key) {
    List<String> tags = new ArrayList<>();
    for (Registration r : registrations) {
      Matcher m = r.key.matcher(key);
      if (m.matches()) {
        tags.add(render(r.tag, m, r.key));
      }
    }
    return tags;
  }

  private static String render(String template, Matcher captures, Pattern key) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      String name = m.group(1);
      String group = groupName(name);
      String value;
      if (key.pattern().contains("(?<" + group + ">")) {
        String captured = captures.group(group);
        value = captured == null ? "" : captured;
      } else {
        value = KeyParts.of(KeyContext.get(name));
      }
      out.append(m.group(2) == null ? value : format(value, m.group(2)));
      last = m.end();
    }
    return out.append(template, last, template.length()).toString();
  }

  /** A built-in formatter on a captured value; an unknown one leaves the value as captured. */
  private static String format(String value, String spec) {
    switch (spec) {
      case "lower":
        return Formatters.lower(value);
      case "upper":
        return Formatters.upper(value);
      case "len":
        return Formatters.len(value);
      case "hash":
      case "md5":
        return Formatters.md5(value);
      case "sha1":
        return Formatters.sha1(value);
      case "sha256":
        return Formatters.sha256(value);
      default:
        if (spec.startsWith("hash(") && spec.endsWith(")")) {
          return Formatters.hash(value, spec.substring(5, spec.length() - 1));
        }
        return value;
    }
  }

  /**
   * A key template as an anchored regex: literal text quoted, each placeholder an optional named
   * group ({@code {b.c:len}} captures as {@code {b.c}}: format specs are ignored), as cashews' tag-04.
   */
  static Pattern regex(String keyTemplate) {
    Matcher m = PLACEHOLDER.matcher(keyTemplate);
    StringBuilder re = new StringBuilder("^");
    List<String> seen = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(keyTemplate.substring(last, m.start())));
      String group = groupName(m.group(1));
      if (seen.contains(group)) {
        re.append("\\k<").append(group).append(">");
      } else {
        seen.add(group);
        re.append("(?<").append(group).append(">.+)?");
      }
      last = m.end();
    }
    re.append(Pattern.quote(keyTemplate.substring(last))).append('$');
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /**
   * A placeholder name as a regex group name, which Java allows only letters and digits in: {@code
   * Z} escapes, so {@code b.c} is {@code gbZ2EZc} and a literal {@code Z} is {@code ZZ}.
   */
  private static String groupName(String name) {
    StringBuilder g = new StringBuilder("g");
    for (char c : name.toCharArray()) {
      if (c == 'Z') {
        g.append("ZZ");
      } else if (c < 128 && Character.isLetterOrDigit(c)) {
        g.append(c);
      } else {
        g.append('Z').append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('Z');
      }
    }
    return g.toString();
  }

  private record Registration(String tag, Pattern key) {}
}
