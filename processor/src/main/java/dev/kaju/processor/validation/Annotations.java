package dev.kaju.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/** Reads annotation mirrors (never {@code getAnnotation()}: class-valued attributes need mirrors). */
final class Annotations {
  private final Elements elements;

  Annotations(Elements elements) {
    this.elements = elements;
  }

  static AnnotationMirror find(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) m.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return m;
      }
    }
    return null;
  }

  /** The value as written, or null when the attribute takes its default. */
  static AnnotationValue explicit(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  AnnotationValue value(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + name + " on " + mirror);
  }

  String string(AnnotationMirror mirror, String name) {
    return (String) value(mirror, name).getValue();
  }

  boolean bool(AnnotationMirror mirror, String name) {
    return (Boolean) value(mirror, name).getValue();
  }

  String enumConstant(AnnotationMirror mirror, String name) {
    return ((VariableElement) value(mirror, name).getValue()).getSimpleName().toString();
  }

  @SuppressWarnings("unchecked")
  List<String> strings(AnnotationMirror mirror, String name) {
    List<String> out = new ArrayList<>();
    for (AnnotationValue v : (List<? extends AnnotationValue>) value(mirror, name).getValue()) {
      out.add((String) v.getValue());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  List<DeclaredType> classes(AnnotationMirror mirror, String name) {
    List<DeclaredType> out = new ArrayList<>();
    for (AnnotationValue v : (List<? extends AnnotationValue>) value(mirror, name).getValue()) {
      Object o = v.getValue();
      if (o instanceof DeclaredType) {
        out.add((DeclaredType) o);
      } else if (o instanceof TypeMirror) {
        throw new DeferredException(); // an error type: not generated yet
      }
    }
    return out;
  }

}
