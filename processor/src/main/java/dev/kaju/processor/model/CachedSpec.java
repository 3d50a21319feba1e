package dev.kaju.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one method is cached ({@code @Cached}).
 *
 * @param annotation the annotation as written, for the generated Javadoc
 * @param siteName the name of the {@code Interface.method} strategy instance
 * @param valueType the cached value type (boxed; for a {@code CompletionStage<X>}, {@code X})
 * @param async whether the method returns a {@code CompletionStage}/{@code CompletableFuture}
 * @param key the key template, resolved
 * @param ttl the fixed TTL, parsed at compile time, or empty when {@code ttlMethod} computes it
 * @param ttlMethod the method computing the TTL per call
 * @param notNull {@code condition = NOT_NULL}
 * @param conditionMethod the method deciding whether to store a result
 * @param exceptions cached exception types with how to rebuild each
 * @param onlyExceptions whether only exceptions are stored
 * @param timeCondition the minimum call time for storing, or empty
 * @param lock single flight per key
 * @param genericValue whether the value type uses the method's own type variables (the strategy
 *     field then holds {@code Object} and the method casts)
 * @param tags tag templates, resolved like keys and rendered per call
 * @param iterator for a method returning {@code Stream}, {@code Iterator}, {@code Iterable} or
 *     {@code Flow.Publisher}, the {@code IteratorSite} method that wraps it ({@code "stream"}...),
 *     and {@code valueType} is the element type
 */
public record CachedSpec(
    String annotation,
    String siteName,
    TypeName valueType,
    boolean async,
    KeyTemplate key,
    Optional<Duration> ttl,
    Optional<Call> ttlMethod,
    boolean notNull,
    Optional<Call> conditionMethod,
    List<CachedException> exceptions,
    boolean onlyExceptions,
    Optional<Duration> timeCondition,
    boolean lock,
    boolean genericValue,
    List<KeyTemplate> tags,
    Optional<String> iterator)
    implements StepSpec {

  @Override
  public String kind() {
    return "Cached";
  }

  /**
   * A call to a helper method of the interface ({@code ttlMethod}, {@code conditionMethod}).
   *
   * @param owner the interface, for a static method
   * @param name the method
   * @param isStatic static (called on the interface) or default (called on the delegate)
   * @param passesArguments whether it takes the cached method's parameters
   * @param passesResult whether it takes the result first (conditions)
   */
  public record Call(ClassName owner, String name, boolean isStatic, boolean passesArguments, boolean passesResult) {}

  /**
   * An exception type to cache and how to rebuild it from its message.
   *
   * @param type the exception class
   * @param messageConstructor whether it has a {@code (String)} constructor (otherwise a no-arg one)
   */
  public record CachedException(TypeName type, boolean messageConstructor) {}
}
