package dev.kaju.spring.boot;

import dev.kaju.Middleware;
import dev.kaju.Settings;
import java.util.List;

/**
 * A bean that adjusts the auto-configured {@code Cache}'s setups: called once for the default
 * backend (prefix {@code ""}) and once for each of {@code kaju.prefixes}, in {@code @Order}, before
 * the backend is set up. The metrics auto-configuration is one.
 */
@FunctionalInterface
public interface KajuSetupCustomizer {

  /**
   * @param prefix the key prefix of the backend, {@code ""} for the default one
   * @param settings its settings, with the {@code kaju.*} options already in them
   * @param middlewares its middlewares so far, the first outermost: add to this list rather than
   *     calling {@code settings.middlewares(...)}, which would replace other customizers' ones
   */
  void customize(String prefix, Settings.Builder settings, List<Middleware> middlewares);
}
