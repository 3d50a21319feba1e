package dev.kaju.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

/**
 * A {@code @Bloom} method: its member key and its filter.
 *
 * @param annotation the annotation as written
 * @param siteName {@code Interface.method}
 * @param async whether it returns a {@code CompletionStage<Boolean>}
 * @param key the member's key template
 * @param filterKey the filter's key before its size, e.g. {@code bloom:Users.exists} ({@code
 *     dual_bloom:Users.taken} for a dual one)
 * @param capacity the members it is sized for
 * @param falsePositives the false-positive rate at capacity, in percent
 * @param dual whether it is cashews' {@code dual_bloom}: two filters learning the method's answers
 */
public record BloomSpec(
    String annotation, String siteName, boolean async, KeyTemplate key, String filterKey, int capacity, double falsePositives,
    boolean dual)
    implements StepSpec {

  @Override
  public TypeName valueType() {
    return ClassName.get(Boolean.class);
  }

  @Override
  public boolean genericValue() {
    return false;
  }

  @Override
  public String kind() {
    return "Bloom";
  }
}
