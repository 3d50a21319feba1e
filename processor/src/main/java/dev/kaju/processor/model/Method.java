package dev.kaju.processor.model;

import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;

/**
 * One method of the interface, as the generated class overrides it.
 *
 * @param name the method name
 * @param typeVariables the method's own type variables
 * @param parameters the parameters, in order
 * @param returnType the return type, as a member of the implemented interface type
 * @param thrown the declared exceptions
 * @param varargs whether the last parameter is varargs
 * @param steps its strategies in the order written, outermost first; empty when it just delegates
 */
public record Method(
    String name,
    List<TypeVariableName> typeVariables,
    List<Parameter> parameters,
    TypeName returnType,
    List<TypeName> thrown,
    boolean varargs,
    List<StepSpec> steps) {

  /** Whether the generated method does more than delegate. */
  public boolean cached() {
    return !steps.isEmpty();
  }

  /** A parameter: its name and type. */
  public record Parameter(String name, TypeName type) {}
}
