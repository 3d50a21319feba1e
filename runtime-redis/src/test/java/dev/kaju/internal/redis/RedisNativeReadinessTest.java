package dev.kaju.internal.redis;

import dev.kaju.contract.NativeReadinessContract;

/** kaju-runtime-redis: no reflection of its own (Lettuce ships its own native-image metadata). */
class RedisNativeReadinessTest extends NativeReadinessContract {
  @Override
  protected Class<?> moduleClass() {
    return RedisBackendFactory.class;
  }

  @Override
  protected String artifactId() {
    return "kaju-runtime-redis";
  }
}
