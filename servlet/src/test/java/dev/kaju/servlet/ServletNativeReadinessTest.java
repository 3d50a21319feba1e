package dev.kaju.servlet;

import dev.kaju.contract.NativeReadinessContract;

/** kaju-servlet: no reflection, no services, no resources. */
class ServletNativeReadinessTest extends NativeReadinessContract {
  @Override
  protected Class<?> moduleClass() {
    return EtagFilter.class;
  }

  @Override
  protected String artifactId() {
    return "kaju-servlet";
  }
}
