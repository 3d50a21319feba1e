package dev.kaju.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;

/**
 * A resolved key template: literal text and values, each value a parameter, a property path of a
 * parameter, or a {@code KeyContext} entry, optionally formatted.
 *
 * @param source the template as written (or the default template)
 * @param prefix the prefix joined before it with {@code ":"}, possibly empty
 * @param parts the parts in order
 * @param exact whether values render injectively ({@code KeyParts.exact}): the default key, which
 *     must never let two argument lists share a key; templates render as written ({@code KeyParts.of})
 */
public record KeyTemplate(String source, String prefix, List<Part> parts, boolean exact) {

  /** A piece of a key. */
  public sealed interface Part permits Literal, Value {}

  /** Literal text. */
  public record Literal(String text) implements Part {}

  /**
   * A value placeholder.
   *
   * @param source the placeholder as written, e.g. {@code {request.user.uid:lower}}
   * @param root the parameter name, or {@code "@"} for the key context
   * @param rootType the parameter's type
   * @param steps property accessors walked from the parameter
   * @param contextName for {@code {@:get(name)}}, the name
   * @param formatter how the value is turned into text
   */
  public record Value(
      String source,
      String root,
      TypeName rootType,
      List<Step> steps,
      Optional<String> contextName,
      Formatter formatter)
      implements Part {}

  /**
   * One property access.
   *
   * @param accessor the Java code reading it, e.g. {@code getUser()} or {@code name} (a field)
   * @param type the property's type
   * @param primitive whether that type is primitive (no null check after it)
   */
  public record Step(String accessor, TypeName type, boolean primitive) {}

  /** How a value becomes text. */
  public sealed interface Formatter permits Plain, Builtin, Custom {}

  /** {@code KeyParts.of(value)}: the fixed rendering. */
  public record Plain() implements Formatter {}

  /**
   * A built-in formatter applied to the rendered value: {@code lower}, {@code upper}, {@code len},
   * {@code md5}, {@code sha1}, {@code sha256}, {@code hash} with the algorithm as an argument, or
   * {@code jwt} with its claim.
   */
  public record Builtin(String method, List<Argument> arguments) implements Formatter {}

  /**
   * A {@code @KeyFormatter} method called on the raw value (named, or per type).
   *
   * @param owner the class declaring it
   * @param method its name
   * @param arguments the extra string arguments
   */
  public record Custom(ClassName owner, String method, List<Argument> arguments) implements Formatter {}

  /** A formatter argument: literal text, or a value rendered at call time ({@code hash({algo})}). */
  public sealed interface Argument permits Text, Rendered {}

  /** A literal argument. */
  public record Text(String text) implements Argument {}

  /** A {@code {param.path}} argument, rendered to text. */
  public record Rendered(Value value) implements Argument {}
}
