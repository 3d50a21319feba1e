package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * The {@code @Invalidate} step of a method: after it returns, the keys matching its patterns go.
 *
 * @param annotation the annotation as written, for the generated Javadoc
 * @param siteName the name of the {@code Interface.method} strategy instance
 * @param valueType the value type (boxed; {@code Void} for a void method)
 * @param async whether the method returns a {@code CompletionStage}
 * @param patterns the patterns, resolved as key templates (values are escaped when rendered)
 */
public record InvalidateSpec(String annotation, String siteName, TypeName valueType, boolean async, List<KeyTemplate> patterns)
    implements StepSpec {

  @Override
  public KeyTemplate key() {
    return patterns.get(0);
  }

  @Override
  public boolean genericValue() {
    return false;
  }

  @Override
  public String kind() {
    return "Invalidate";
  }
}
