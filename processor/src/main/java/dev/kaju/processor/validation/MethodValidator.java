package dev.kaju.processor.validation;

import dev.kaju.processor.Messages;
import dev.kaju.processor.model.KeyTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What every validator of an interface's methods shares: the compiler's utilities, annotation
 * reading, key resolution, and the questions about a method's types (is it async, what value does
 * it produce, can a strategy wrap it, its default key).
 */
abstract class MethodValidator {
  /** The steps that may wrap a {@code void} method: they store no result. */
  private static final List<String> VOID_OK =
      List.of("Invalidate", "Locked", "RateLimit", "SliceRateLimit", "CircuitBreaker", "Add", "CacheTransaction");
  private static final List<String> ITERATOR_TYPES =
      List.of("java.util.stream.BaseStream", "java.util.Iterator", "java.util.concurrent.Flow.Publisher");

  final Elements elements;
  final Types types;
  final Annotations annotations;
  final KeyResolver keys;

  MethodValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.annotations = new Annotations(elements);
    this.keys = new KeyResolver(elements, types);
  }

  /**
   * The {@code tags} of a storing step ({@code @Cached}, {@code @Soft}, {@code @Early},
   * {@code @Hit}): each resolved like a key template without prefix, into {@code tags}; false when
   * one is empty or does not resolve (reported).
   */
  boolean tags(
      ExecutableElement m,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      FormatterRegistry formatters,
      List<KeyTemplate> tags,
      Report report) {
    String name = m.getSimpleName().toString();
    boolean ok = true;
    for (String tag : annotations.strings(mm, "tags")) {
      if (tag.isEmpty()) {
        report.error(Messages.EMPTY_TAG.format(name), m, mm, Annotations.explicit(mm, "tags"));
        ok = false;
        continue;
      }
      Optional<KeyTemplate> rendered =
          keys.resolve(tag, false, "", params, formatters, new KeyResolver.Site(name, m, mm, Annotations.explicit(mm, "tags")), report);
      rendered.ifPresent(tags::add);
      ok &= rendered.isPresent();
    }
    return ok;
  }

  /** Whether a strategy can wrap {@code m}'s return type; reports why not on {@code mm}. */
  boolean returnSupported(ExecutableElement m, ExecutableType t, AnnotationMirror mm, Report report) {
    String name = m.getSimpleName().toString();
    String annotation = simpleName(mm);
    TypeMirror returned = t.getReturnType();
    if (returned.getKind() == TypeKind.VOID && !VOID_OK.contains(annotation)) {
      report.error(Messages.VOID_METHOD.format(annotation, name, annotation), m, mm, null);
      return false;
    }
    if (annotation.equals("Cached") && iteratorKind(returned).isPresent()) {
      return true;
    }
    for (String iter : ITERATOR_TYPES) {
      TypeElement te = elements.getTypeElement(iter);
      if (te != null && types.isAssignable(types.erasure(returned), types.erasure(te.asType()))) {
        report.error(Messages.UNSUPPORTED_RETURN.format(annotation, name, returned), m, mm, null);
        return false;
      }
    }
    TypeElement iterable = elements.getTypeElement("java.lang.Iterable");
    if (types.isSameType(types.erasure(returned), types.erasure(iterable.asType()))) {
      report.error(Messages.UNSUPPORTED_RETURN.format(annotation, name, returned), m, mm, null);
      return false;
    }
    return true;
  }

  /**
   * For {@code Stream<X>}, {@code Iterator<X>}, {@code Iterable<X>} and {@code Flow.Publisher<X>}
   * (exactly those), the {@code IteratorSite} method caching them.
   */
  Optional<String> iteratorKind(TypeMirror returned) {
    if (returned.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeMirror erased = types.erasure(returned);
    Map<String, String> kinds = Map.of(
        "java.util.stream.Stream", "stream",
        "java.util.Iterator", "iterator",
        "java.lang.Iterable", "iterable",
        "java.util.concurrent.Flow.Publisher", "publisher");
    for (Map.Entry<String, String> k : kinds.entrySet()) {
      TypeElement te = elements.getTypeElement(k.getKey());
      if (te != null && types.isSameType(erased, types.erasure(te.asType()))) {
        return Optional.of(k.getValue());
      }
    }
    return Optional.empty();
  }

  /** The value a method produces: its return type, or {@code X} of a {@code CompletionStage<X>}. */
  TypeMirror valueOf(TypeMirror returned) {
    if (!isAsync(returned)) {
      return returned;
    }
    List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
    TypeMirror value = args.isEmpty() ? elements.getTypeElement("java.lang.Object").asType() : args.get(0);
    if (value.getKind() == TypeKind.WILDCARD) {
      TypeMirror ext = ((javax.lang.model.type.WildcardType) value).getExtendsBound();
      value = ext == null ? elements.getTypeElement("java.lang.Object").asType() : ext;
    }
    return value;
  }

  static String simpleName(AnnotationMirror mm) {
    return mm.getAnnotationType().asElement().getSimpleName().toString();
  }

  /** The annotation as a reader would write it: {@code @Cached(ttl = "3h", key = "user:{id}")}. */
  static String shown(AnnotationMirror mirror) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      String v = e.getValue().toString().replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z])", "$1");
      values.add(e.getKey().getSimpleName() + " = " + v);
    }
    String name = mirror.getAnnotationType().asElement().getSimpleName().toString();
    if (values.size() == 1 && values.get(0).startsWith("value = ")) { // as written: @Invalidate("...")
      values.set(0, values.get(0).substring("value = ".length()));
    }
    return "@" + name + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")");
  }

  /** Whether {@code type} uses a type variable declared by {@code method}. */
  static boolean mentionsTypeVariableOf(TypeMirror type, ExecutableElement method) {
    switch (type.getKind()) {
      case TYPEVAR:
        return ((javax.lang.model.type.TypeVariable) type).asElement().getEnclosingElement().equals(method);
      case ARRAY:
        return mentionsTypeVariableOf(((javax.lang.model.type.ArrayType) type).getComponentType(), method);
      case DECLARED:
        for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
          if (mentionsTypeVariableOf(arg, method)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
        return (w.getExtendsBound() != null && mentionsTypeVariableOf(w.getExtendsBound(), method))
            || (w.getSuperBound() != null && mentionsTypeVariableOf(w.getSuperBound(), method));
      default:
        return false;
    }
  }

  boolean isAsync(TypeMirror returned) {
    if (returned.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeMirror erased = types.erasure(returned);
    for (String async : List.of("java.util.concurrent.CompletionStage", "java.util.concurrent.CompletableFuture")) {
      if (types.isSameType(erased, types.erasure(elements.getTypeElement(async).asType()))) {
        return true;
      }
    }
    return false;
  }

  /** {@code <qualified interface>.<method>:<param>:{param}...}; overloads sharing parameter names add their types. */
  String defaultKey(TypeElement iface, ExecutableElement m, List<ExecutableElement> all) {
    StringBuilder key = new StringBuilder(iface.getQualifiedName()).append('.').append(m.getSimpleName());
    List<String> names = m.getParameters().stream().map(p -> p.getSimpleName().toString()).collect(Collectors.toList());
    boolean clash = false;
    for (ExecutableElement other : all) {
      if (other != m && other.getSimpleName().equals(m.getSimpleName())
          && other.getParameters().stream().map(p -> p.getSimpleName().toString()).collect(Collectors.toList()).equals(names)) {
        clash = true;
      }
    }
    if (clash) {
      key.append('(')
          .append(m.getParameters().stream().map(p -> types.erasure(p.asType()).toString()).collect(Collectors.joining(",")))
          .append(')');
    }
    for (String n : names) {
      key.append(':').append(n).append(":{").append(n).append('}');
    }
    return key.toString();
  }

  boolean acceptsResult(TypeMirror param, TypeMirror result) {
    if (types.isAssignable(result, param)) {
      return true;
    }
    return result.getKind().isPrimitive() && types.isAssignable(types.boxedClass((javax.lang.model.type.PrimitiveType) result).asType(), param);
  }

  boolean sameParameters(List<? extends VariableElement> ps, int from, ExecutableType t) {
    if (ps.size() - from != t.getParameterTypes().size()) {
      return false;
    }
    for (int i = 0; i < t.getParameterTypes().size(); i++) {
      if (!types.isSameType(types.erasure(ps.get(from + i).asType()), types.erasure(t.getParameterTypes().get(i)))) {
        return false;
      }
    }
    return true;
  }
}
