package dev.kaju.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kaju.*}: how the auto-configured {@code Cache} is set up, and whether beans are wrapped in
 * their generated {@code *Cached} classes.
 *
 * <pre>
 * kaju.url=redis://127.0.0.1:6379/0?suppress=true    # the default backend (cache.setup(url))
 * kaju.options.secret=${KAJU_SECRET}                 # more options of the default backend
 * kaju.prefixes.users=mem://?size=500                # keys starting with "users" (cache.setup(url, prefix))
 * kaju.enabled=true                                  # false: every backend set up disabled
 * kaju.wrap=true                                     # false: no bean is wrapped
 * </pre>
 */
@ConfigurationProperties("kaju")
public class KajuProperties {
  /** The setup URL of the default backend: mem://, redis://, rediss://, disk://, with options as query parameters. */
  private String url = "mem://";

  /**
   * Options of the default backend besides those in its URL, by option name ({@code size},
   * {@code check-interval}, {@code secret}...); kebab-case names are read with underscores
   * ({@code check-interval} is {@code check_interval}). An option both here and in the URL fails.
   */
  private Map<String, String> options = new LinkedHashMap<>();

  /**
   * Setup URLs by key prefix: keys starting with a prefix go to its backend, the longest matching
   * prefix wins, the other keys go to the default backend. A prefix with characters other than
   * letters, digits, '-' and '.' is written in brackets: {@code kaju.prefixes[user:]=mem://}.
   */
  private Map<String, String> prefixes = new LinkedHashMap<>();

  /** Whether the backends are enabled; false sets every one up disabled (reads miss, writes are skipped). */
  private boolean enabled = true;

  /**
   * Whether every bean implementing an interface with a generated {@code *Cached} class is wrapped
   * in it. Wrapped beans are injected by their interface, not their class.
   */
  private boolean wrap = true;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Map<String, String> getOptions() {
    return options;
  }

  public void setOptions(Map<String, String> options) {
    this.options = options;
  }

  public Map<String, String> getPrefixes() {
    return prefixes;
  }

  public void setPrefixes(Map<String, String> prefixes) {
    this.prefixes = prefixes;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isWrap() {
    return wrap;
  }

  public void setWrap(boolean wrap) {
    this.wrap = wrap;
  }
}
