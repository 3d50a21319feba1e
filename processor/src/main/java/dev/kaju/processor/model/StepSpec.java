package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One strategy annotation of a method: one step of its generated chain, outermost first, each
 * with its own strategy field and key.
 */
public sealed interface StepSpec permits CachedSpec, StrategySpec, InvalidateSpec, BloomSpec, BloomAddSpec {

  /** The annotation as written, for the generated Javadoc. */
  String annotation();

  /** The {@code Interface.method} name of the strategy instance. */
  String siteName();

  /** The cached value type (boxed; for a {@code CompletionStage<X>}, {@code X}). */
  TypeName valueType();

  /** Whether the method returns a {@code CompletionStage}/{@code CompletableFuture}. */
  boolean async();

  /** This step's key template, resolved. */
  KeyTemplate key();

  /** Whether the value type uses the method's own type variables (the field then holds {@code Object}). */
  boolean genericValue();

  /** The simple name of the annotation ({@code Cached}, {@code Failover}): names the step's field and method. */
  String kind();
}
