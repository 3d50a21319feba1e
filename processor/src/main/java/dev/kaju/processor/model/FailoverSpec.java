package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;
import java.time.Duration;
import java.util.List;

/**
 * How one method fails over ({@code @Failover}).
 *
 * @param annotation the annotation as written, for the generated Javadoc
 * @param siteName the name of the {@code Interface.method} strategy instance
 * @param valueType the value type (boxed; for a {@code CompletionStage<X>}, {@code X})
 * @param async whether the method returns a {@code CompletionStage}
 * @param key the key template, resolved, with its prefix ({@code "fail"} by default)
 * @param ttl how long the last good result is kept
 * @param exceptions the exceptions answered with it; empty: the cache's defaults
 * @param genericValue whether the value type uses the method's own type variables
 */
public record FailoverSpec(
    String annotation,
    String siteName,
    TypeName valueType,
    boolean async,
    KeyTemplate key,
    Duration ttl,
    List<TypeName> exceptions,
    boolean genericValue)
    implements StepSpec {

  @Override
  public String kind() {
    return "Failover";
  }
}
