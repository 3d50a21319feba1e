package dev.kaju.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** The diagnostics of one interface, collected and then printed together (Dagger's ValidationReport). */
public final class Report {
  private record Item(
      Diagnostic.Kind kind, String message, Element element, AnnotationMirror mirror, AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  public void error(String message, Element element) {
    items.add(new Item(Diagnostic.Kind.ERROR, message, element, null, null));
  }

  public void error(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    items.add(new Item(Diagnostic.Kind.ERROR, message, element, mirror, value));
  }

  public void warning(String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    items.add(new Item(Diagnostic.Kind.WARNING, message, element, mirror, value));
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(i -> i.kind == Diagnostic.Kind.ERROR);
  }

  public void printTo(Messager messager) {
    for (Item i : items) {
      if (i.mirror == null) {
        messager.printMessage(i.kind, i.message, i.element);
      } else if (i.value == null) {
        messager.printMessage(i.kind, i.message, i.element, i.mirror);
      } else {
        messager.printMessage(i.kind, i.message, i.element, i.mirror, i.value);
      }
    }
  }
}
