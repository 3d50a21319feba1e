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
 * @param filterKey the filter's key before its size, e.g. {@code bloom:Users.exists}
 * @param capacity the members it is sized for
 * @param falsePositives the false-positive rate at capacity, in percent
 */
public record BloomSpec(
    String annotation, String siteName, boolean async, KeyTemplate key, String filterKey, int capacity, double falsePositives)
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
