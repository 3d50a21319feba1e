package dev.kaju.spi;

import java.util.List;
import java.util.Set;

/**
 * Creates backends for one or more URL schemes. Implementations are found with
 * {@link java.util.ServiceLoader}: a backend module plugs in by being on the class path.
 */
public interface BackendFactory {

  /** The URL schemes this factory serves, e.g. {@code mem}. */
  Set<String> schemes();

  /**
   * The options this backend accepts, in URL query parameters or {@code Settings}. Options common to
   * every backend ({@code enable}, {@code disable}) are handled by the cache and not listed here.
   */
  List<Option> options();

  /** Creates a backend; {@code config} holds validated option values. */
  Backend create(BackendConfig config);
}
