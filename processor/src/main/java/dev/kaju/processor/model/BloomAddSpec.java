package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * A {@code @Bloom.Add} method: after it returns, its arguments' member key joins the filter of
 * the {@code @Bloom} method {@code target}.
 *
 * @param annotation the annotation as written
 * @param siteName {@code Interface.method}
 * @param valueType the value type (boxed; {@code Void} for a void method)
 * @param async whether it returns a {@code CompletionStage}
 * @param target the {@code @Bloom} method's name
 * @param key the target's member key template, resolved against this method's parameters
 */
public record BloomAddSpec(String annotation, String siteName, TypeName valueType, boolean async, String target, KeyTemplate key)
    implements StepSpec {

  @Override
  public boolean genericValue() {
    return false;
  }

  @Override
  public String kind() {
    return "BloomAdd";
  }
}
