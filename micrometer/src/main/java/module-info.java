/**
 * Kaju's Micrometer metrics: {@link dev.kaju.micrometer.KajuMetrics}, a {@code MeterBinder} and the
 * factory of the middleware that records each command.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer.core, see below
module dev.kaju.micrometer {
  requires transitive dev.kaju.runtime;
  // Micrometer 1.x ships no module-info: micrometer.core is the Automatic-Module-Name of its jar.
  // Transitive: KajuMetrics is a MeterBinder and takes a MeterRegistry and Tags.
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports dev.kaju.micrometer;
}
