package dev.kaju.internal.memory;

import dev.kaju.contract.NativeReadinessContract;

/** kaju-runtime's main code: no reflection, and metadata for its service file and Kaju's serializable records. */
class MemoryNativeReadinessTest extends NativeReadinessContract {
  @Override
  protected Class<?> moduleClass() {
    return MemoryBackendFactory.class;
  }

  @Override
  protected String artifactId() {
    return "kaju-runtime";
  }
}
