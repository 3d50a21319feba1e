package dev.kaju.processor.validation;

import com.palantir.javapoet.ClassName;
import dev.kaju.processor.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The formatters a key template may use: the built-ins and the {@code @KeyFormatter} static
 * methods of the interface and of the classes its {@code @Cached(formatters = ...)} lists.
 */
final class FormatterRegistry {
  static final String KEY_FORMATTER = "dev.kaju.annotation.KeyFormatter";
  static final Set<String> BUILTINS = Set.of("lower", "upper", "len", "hash", "jwt");

  /** A custom formatter method: the value parameter, then {@code extraArgs} strings. */
  record Custom(ClassName owner, String method, TypeMirror valueType, int extraArgs, boolean varargs, Element element) {}

  private final Map<String, Custom> named = new LinkedHashMap<>();
  private final List<Custom> perType = new ArrayList<>();

  static FormatterRegistry collect(
      List<TypeElement> owners, Elements elements, Types types, Report report, Element reportOn, AnnotationMirror mirror) {
    FormatterRegistry r = new FormatterRegistry();
    TypeMirror string = elements.getTypeElement("java.lang.String").asType();
    for (TypeElement owner : owners) {
      for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
        AnnotationMirror fm = Annotations.find(m, KEY_FORMATTER);
        if (fm == null) {
          continue;
        }
        String name = "";
        AnnotationValue v = Annotations.explicit(fm, "value");
        if (v != null) {
          name = (String) v.getValue();
        }
        boolean ok =
            m.getModifiers().contains(Modifier.STATIC)
                && types.isSameType(m.getReturnType(), string)
                && !m.getParameters().isEmpty();
        for (int i = 1; ok && i < m.getParameters().size(); i++) {
          TypeMirror p = m.getParameters().get(i).asType();
          boolean varargString = m.isVarArgs() && i == m.getParameters().size() - 1 && p.getKind() == TypeKind.ARRAY;
          ok = types.isSameType(p, string) || varargString;
        }
        String shown = owner.getSimpleName() + "." + m.getSimpleName() + "()";
        if (!ok) {
          report.error(Messages.FORMATTER_SIGNATURE.format(shown, m.getSimpleName()), m, fm, null);
          continue;
        }
        Custom c =
            new Custom(
                ClassName.get(owner),
                m.getSimpleName().toString(),
                m.getParameters().get(0).asType(),
                m.getParameters().size() - 1,
                m.isVarArgs(),
                m);
        if (name.isEmpty()) {
          r.perType.add(c);
        } else if (BUILTINS.contains(name)) {
          report.error(Messages.FORMATTER_DUPLICATE.format(name, "the built-in " + name, shown), m, fm, null);
        } else {
          Custom earlier = r.named.putIfAbsent(name, c);
          if (earlier != null && !earlier.element().equals(m)) {
            report.error(
                Messages.FORMATTER_DUPLICATE.format(name, earlier.owner().simpleName() + "." + earlier.method() + "()", shown),
                reportOn,
                mirror,
                null);
          }
        }
      }
    }
    return r;
  }

  Custom named(String name) {
    return named.get(name);
  }

  /** The per-type formatter whose parameter accepts {@code type}, most specific first. */
  Custom perType(TypeMirror type, Types types) {
    Custom best = null;
    for (Custom c : perType) {
      if (types.isAssignable(type, c.valueType())
          && (best == null || types.isAssignable(c.valueType(), best.valueType()))) {
        best = c;
      }
    }
    return best;
  }

  /** Every formatter name, built-ins first, for messages. */
  Set<String> names() {
    Set<String> all = new TreeSet<>(BUILTINS);
    all.addAll(named.keySet());
    return all;
  }
}
