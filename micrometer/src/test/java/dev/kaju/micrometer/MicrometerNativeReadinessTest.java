package dev.kaju.micrometer;

import dev.kaju.contract.NativeReadinessContract;

/** kaju-micrometer: no reflection, no services, no resources. */
class MicrometerNativeReadinessTest extends NativeReadinessContract {
  @Override
  protected Class<?> moduleClass() {
    return KajuMetrics.class;
  }

  @Override
  protected String artifactId() {
    return "kaju-micrometer";
  }
}
