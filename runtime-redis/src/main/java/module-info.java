/**
 * Kaju's Redis backend ({@code redis://}, {@code rediss://}) on Lettuce. Exports nothing: the
 * runtime finds it through {@code provides dev.kaju.spi.BackendFactory} on the module path and
 * through {@code META-INF/services} on the class path.
 */
@SuppressWarnings("requires-automatic") // lettuce.core, see below
module dev.kaju.runtime.redis {
  requires dev.kaju.runtime;
  requires com.github.benmanes.caffeine;
  requires static org.jspecify;

  // Lettuce 7 has no module-info: lettuce.core is the Automatic-Module-Name of its jar. An
  // automatic module declares no requires, so the explicit modules Lettuce needs at run time are
  // required here, or an application on the module path would not resolve them: Netty's
  // (io.netty.handler brings transport, buffer, codec, resolver and unix.common; the backend
  // names io.netty.common's types itself) and jdk.net, for the TCP keepalive options the backend
  // sets (without it Lettuce never connects). Reactor, Reactive Streams, redis-authx and SLF4J
  // are automatic modules too, resolved with Lettuce.
  requires lettuce.core;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.resolver.dns;
  requires jdk.net;

  provides dev.kaju.spi.BackendFactory with
      dev.kaju.internal.redis.RedisBackendFactory;
}
