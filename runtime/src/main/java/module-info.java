/**
 * Kaju's runtime: the {@code Cache} facade, TTLs, the backend SPI and the in-memory backend.
 * Exports only the public API ({@code dev.kaju}) and the backend SPI ({@code dev.kaju.spi}).
 */
module dev.kaju.runtime {
  requires com.github.benmanes.caffeine;
  requires static org.jspecify;
  // only for serializer=json; the runtime works without it
  requires static com.fasterxml.jackson.core;

  exports dev.kaju;
  exports dev.kaju.annotation;
  exports dev.kaju.spi;
  exports dev.kaju.support;

  uses dev.kaju.spi.BackendFactory;

  provides dev.kaju.spi.BackendFactory with
      dev.kaju.internal.memory.MemoryBackendFactory;
}
