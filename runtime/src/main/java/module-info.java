/**
 * Kaju's runtime: the {@code Cache} facade, TTLs, the backend SPI and the in-memory backend.
 * Exports the public API ({@code dev.kaju}, {@code dev.kaju.annotation}), the backend SPI
 * ({@code dev.kaju.spi}) and what generated code calls ({@code dev.kaju.support}).
 */
// "module": the qualified export below names a module built after this one
@SuppressWarnings("module")
module dev.kaju.runtime {
  requires com.github.benmanes.caffeine;
  requires static org.jspecify;
  // only for serializer=json; the runtime works without it
  requires static com.fasterxml.jackson.core;

  exports dev.kaju;
  exports dev.kaju.annotation;
  exports dev.kaju.spi;
  exports dev.kaju.support;
  // Kaju's own modules share its internals (one rate-limited log, not a copy per module)
  exports dev.kaju.internal to dev.kaju.micrometer;

  uses dev.kaju.spi.BackendFactory;

  provides dev.kaju.spi.BackendFactory with
      dev.kaju.internal.memory.MemoryBackendFactory;
}
