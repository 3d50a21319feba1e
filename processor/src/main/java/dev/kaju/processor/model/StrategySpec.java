package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;
import java.time.Duration;
import java.util.List;

/**
 * A strategy step other than {@code @Cached} ({@code @Failover}, {@code @Soft}, {@code @Early},
 * {@code @Hit}): the runtime class {@code dev.kaju.support.<kind>Site} configured by builder calls,
 * and called as {@code site.call(key, next)}.
 *
 * @param kind the annotation's simple name; the runtime class is {@code <kind>Site}
 * @param annotation the annotation as written, for the generated Javadoc
 * @param siteName the name of the {@code Interface.method} strategy instance
 * @param valueType the value type (boxed; for a {@code CompletionStage<X>}, {@code X})
 * @param async whether the method returns a {@code CompletionStage}
 * @param key the key template, resolved, with its prefix
 * @param genericValue whether the value type uses the method's own type variables
 * @param options the builder calls after {@code type(...)}, in order
 * @param fallback for a rate limit, the method answering a call over the limit
 * @param tags tag templates ({@code @Soft}, {@code @Early}, {@code @Hit}), resolved like keys and
 *     rendered per call, passed after the loader
 */
public record StrategySpec(
    String kind,
    String annotation,
    String siteName,
    TypeName valueType,
    boolean async,
    KeyTemplate key,
    boolean genericValue,
    List<Option> options,
    java.util.Optional<CachedSpec.Call> fallback,
    List<KeyTemplate> tags)
    implements StepSpec {

  /**
   * One builder call, e.g. {@code .ttl(Duration.ofDays(1))} or {@code .exception(IOException.class)}.
   *
   * @param method the builder method
   * @param argument a {@link Duration}, an {@link Integer}, or a {@link TypeName} passed as a class literal
   */
  public record Option(String method, Object argument) {}

  /** An enum constant as a builder argument, e.g. {@code TransactionMode.LOCKED}. */
  public record EnumConstant(com.palantir.javapoet.ClassName type, String name) {}
}
