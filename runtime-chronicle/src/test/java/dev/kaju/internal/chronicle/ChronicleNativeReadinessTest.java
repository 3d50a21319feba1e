package dev.kaju.internal.chronicle;

import dev.kaju.contract.NativeReadinessContract;
import java.util.List;

/**
 * kaju-runtime-chronicle's own code: no reflection. Chronicle Map itself does not run in a native
 * image (README, "Native image"); this checks Kaju's side only.
 */
class ChronicleNativeReadinessTest extends NativeReadinessContract {
  @Override
  protected Class<?> moduleClass() {
    return ChronicleBackendFactory.class;
  }

  @Override
  protected String artifactId() {
    return "kaju-runtime-chronicle";
  }

  @Override
  protected List<Allowed> allowed() {
    return List.of(new Allowed(
        "dev.kaju.internal.chronicle.Stored",
        "java.lang.invoke.MethodHandles.byteArrayViewVarHandle",
        "a big-endian long/int view of the stored byte[] header: it names an array type of the JDK and"
            + " looks up no class, method or field (no user type, no Lookup); native-image folds it at"
            + " build time"));
  }
}
