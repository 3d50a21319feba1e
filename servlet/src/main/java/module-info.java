/**
 * Kaju's Jakarta Servlet filters: {@link dev.kaju.servlet.EtagFilter}, {@link
 * dev.kaju.servlet.CacheControlFilter} with its TTL helper {@link dev.kaju.servlet.CacheControl},
 * and {@link dev.kaju.servlet.ClearSiteDataFilter}.
 */
module dev.kaju.servlet {
  // Transitive: the filters take a Cache and implement jakarta.servlet.Filter.
  requires transitive dev.kaju.runtime;
  requires transitive jakarta.servlet;
  requires static org.jspecify;

  exports dev.kaju.servlet;
}
