/**
 * Kaju's runtime: the {@code Cache} facade, TTLs, the backend SPI and the in-memory backend.
 * Exports the public API ({@code dev.kaju}, {@code dev.kaju.annotation}), the backend SPI
 * ({@code dev.kaju.spi}) and what generated code calls ({@code dev.kaju.support}).
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
