package dev.kaju.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.kaju.processor.Messages;
import dev.kaju.processor.model.KeyTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Resolves a key template against a method's parameters at compile time: every parameter,
 * property step and formatter is checked, and becomes plain Java in the model.
 */
final class KeyResolver {
  private static final Set<String> HIDDEN = Set.of("getClass", "hashCode", "toString", "clone", "notify", "notifyAll", "wait", "finalize");

  private final Elements elements;
  private final Types types;

  KeyResolver(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Where errors go: the method, and the annotation value of the template when written. */
  record Site(String methodName, Element method, AnnotationMirror mirror, AnnotationValue value) {}

  Optional<KeyTemplate> resolve(
      String template,
      boolean exact,
      String prefix,
      Map<String, TypeMirror> params,
      FormatterRegistry formatters,
      Site site,
      Report report) {
    List<KeyTemplateSyntax.Raw> raw;
    try {
      raw = KeyTemplateSyntax.parse(template);
    } catch (KeyTemplateSyntax.SyntaxError e) {
      report.error(Messages.KEY_SYNTAX.format(e.getMessage(), template), site.method(), site.mirror(), site.value());
      return Optional.empty();
    }
    List<KeyTemplate.Part> parts = new ArrayList<>();
    boolean ok = true;
    for (KeyTemplateSyntax.Raw r : raw) {
      if (r instanceof KeyTemplateSyntax.Text t) {
        parts.add(new KeyTemplate.Literal(t.text()));
      } else {
        KeyTemplate.Value v = value((KeyTemplateSyntax.Placeholder) r, template, params, formatters, site, report);
        if (v != null && exact) {
          warnIfAmbiguous(v, params.get(v.root()), site, report);
        }
        if (v == null) {
          ok = false;
        } else {
          parts.add(v);
        }
      }
    }
    return ok ? Optional.of(new KeyTemplate(template, prefix, parts, exact)) : Optional.empty();
  }

  /** Declared types whose values of different classes can print alike (1 and "1"). */
  private static final Set<String> AMBIGUOUS = Set.of(
      "java.lang.Object", "java.io.Serializable", "java.lang.Comparable", "java.lang.Number", "java.lang.CharSequence");

  /**
   * The default key renders each argument by its class, injectively within one class; a parameter
   * declared as a supertype can receive values of several classes that print alike, which would
   * then share a key: a warning on the method, naming the fix.
   */
  private void warnIfAmbiguous(KeyTemplate.Value v, TypeMirror declared, Site site, Report report) {
    if (declared == null || v.contextName().isPresent()) {
      return;
    }
    boolean ambiguous = declared.getKind() == TypeKind.TYPEVAR;
    if (declared.getKind() == TypeKind.DECLARED) {
      ambiguous = AMBIGUOUS.contains(((TypeElement) ((DeclaredType) declared).asElement()).getQualifiedName().toString());
    }
    if (ambiguous) {
      report.warning(
          Messages.KEY_AMBIGUOUS_DEFAULT.format(v.root(), site.methodName(), declared), site.method(), site.mirror(), site.value());
    }
  }

  private KeyTemplate.Value value(
      KeyTemplateSyntax.Placeholder p,
      String template,
      Map<String, TypeMirror> params,
      FormatterRegistry formatters,
      Site site,
      Report report) {
    String root = p.path().get(0);
    if (root.equals("@")) {
      if (p.path().size() != 1 || !"get".equals(p.formatter()) || p.arguments().size() != 1 || p.arguments().get(0).isEmpty()) {
        report.error(Messages.KEY_CONTEXT_FORM.format(inner(p), template), site.method(), site.mirror(), site.value());
        return null;
      }
      return new KeyTemplate.Value(
          p.source(), "@", ClassName.OBJECT, List.of(), Optional.of(p.arguments().get(0)), new KeyTemplate.Plain());
    }
    TypeMirror type = params.get(root);
    if (type == null) {
      report.error(
          Messages.KEY_UNKNOWN_PARAMETER.format(
              root, template, params.isEmpty() ? "(none)" : String.join(", ", params.keySet()),
              Messages.didYouMean(root, params.keySet())),
          site.method(), site.mirror(), site.value());
      return null;
    }
    TypeMirror rootType = type;
    List<KeyTemplate.Step> steps = new ArrayList<>();
    String walked = root;
    for (String name : p.path().subList(1, p.path().size())) {
      if (type.getKind().isPrimitive()) {
        report.error(Messages.KEY_PROPERTY_OF_PRIMITIVE.format(walked, type, name, template), site.method(), site.mirror(), site.value());
        return null;
      }
      Map<String, Property> props = properties(type);
      Property prop = props.get(name);
      if (prop == null) {
        report.error(
            Messages.KEY_UNKNOWN_PROPERTY.format(
                name, simple(type), template, props.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(props.keySet())),
                Messages.didYouMean(name, props.keySet())),
            site.method(), site.mirror(), site.value());
        return null;
      }
      steps.add(new KeyTemplate.Step(prop.accessor(), TypeName.get(prop.type()), prop.type().getKind().isPrimitive()));
      type = prop.type();
      walked = walked + "." + name;
    }
    KeyTemplate.Formatter formatter = formatter(p, template, walked, type, params, formatters, site, report);
    if (formatter == null) {
      return null;
    }
    if (formatter instanceof KeyTemplate.Plain && unstable(type)) {
      String simple = simple(type);
      report.warning(
          Messages.KEY_UNSTABLE_PART.format(walked, site.methodName(), simple, simple, walked, simple),
          site.method(), site.mirror(), site.value());
    }
    return new KeyTemplate.Value(p.source(), root, TypeName.get(rootType), steps, Optional.empty(), formatter);
  }

  private KeyTemplate.Formatter formatter(
      KeyTemplateSyntax.Placeholder p,
      String template,
      String walked,
      TypeMirror type,
      Map<String, TypeMirror> params,
      FormatterRegistry formatters,
      Site site,
      Report report) {
    String name = p.formatter();
    List<String> args = p.arguments();
    List<KeyTemplate.Argument> resolvedArgs = new ArrayList<>();
    for (String arg : args) {
      if (KeyTemplateSyntax.isPlaceholderArgument(arg)) {
        KeyTemplate.Value v;
        try {
          List<KeyTemplateSyntax.Raw> raw = KeyTemplateSyntax.parse(arg);
          v = value((KeyTemplateSyntax.Placeholder) raw.get(0), template, params, formatters, site, report);
        } catch (KeyTemplateSyntax.SyntaxError e) {
          report.error(Messages.KEY_SYNTAX.format(e.getMessage(), template), site.method(), site.mirror(), site.value());
          return null;
        }
        if (v == null) {
          return null;
        }
        resolvedArgs.add(new KeyTemplate.Rendered(v));
      } else {
        resolvedArgs.add(new KeyTemplate.Text(arg));
      }
    }
    if (name == null) {
      FormatterRegistry.Custom perType = type.getKind().isPrimitive() ? null : formatters.perType(type, types);
      if (perType != null) {
        return new KeyTemplate.Custom(perType.owner(), perType.method(), List.of());
      }
      return new KeyTemplate.Plain();
    }
    switch (name) {
      case "lower":
      case "upper":
      case "len":
        if (!args.isEmpty()) {
          report.error(Messages.KEY_FORMATTER_ARGUMENTS.format(name, "no arguments", args.size(), template), site.method(), site.mirror(), site.value());
          return null;
        }
        return new KeyTemplate.Builtin(name, List.of());
      case "hash":
        if (args.size() > 1) {
          report.error(Messages.KEY_FORMATTER_ARGUMENTS.format(name, "at most 1 argument (md5, sha1 or sha256)", args.size(), template), site.method(), site.mirror(), site.value());
          return null;
        }
        if (!resolvedArgs.isEmpty() && resolvedArgs.get(0) instanceof KeyTemplate.Rendered) {
          return new KeyTemplate.Builtin("hash", resolvedArgs); // the algorithm is chosen per call
        }
        String algorithm = args.isEmpty() ? "md5" : args.get(0).toLowerCase(Locale.ROOT);
        if (!Set.of("md5", "sha1", "sha256").contains(algorithm)) {
          report.error(Messages.KEY_HASH_ALGORITHM.format(args.get(0), template), site.method(), site.mirror(), site.value());
          return null;
        }
        return new KeyTemplate.Builtin(algorithm, List.of());
      case "jwt":
        if (args.size() != 1 || args.get(0).isEmpty()) {
          report.error(Messages.KEY_FORMATTER_ARGUMENTS.format(name, "1 argument (the claim)", args.size(), template), site.method(), site.mirror(), site.value());
          return null;
        }
        return new KeyTemplate.Builtin("jwt", resolvedArgs);
      default:
        FormatterRegistry.Custom c = formatters.named(name);
        if (c == null) {
          report.error(
              Messages.KEY_UNKNOWN_FORMATTER.format(name, template, String.join(", ", formatters.names()), Messages.didYouMean(name, formatters.names())),
              site.method(), site.mirror(), site.value());
          return null;
        }
        boolean countOk = c.varargs() ? args.size() >= c.extraArgs() - 1 : args.size() == c.extraArgs();
        if (!countOk) {
          report.error(
              Messages.KEY_FORMATTER_ARGUMENTS.format(name, (c.varargs() ? "at least " + (c.extraArgs() - 1) : String.valueOf(c.extraArgs())) + " argument(s)", args.size(), template),
              site.method(), site.mirror(), site.value());
          return null;
        }
        TypeMirror value = type.getKind().isPrimitive() ? type : type;
        if (!types.isAssignable(value, c.valueType())
            && !(value.getKind().isPrimitive() && types.isAssignable(types.boxedClass((javax.lang.model.type.PrimitiveType) value).asType(), c.valueType()))) {
          report.error(Messages.KEY_FORMATTER_TYPE.format(name, simple(c.valueType()), walked, simple(type), template), site.method(), site.mirror(), site.value());
          return null;
        }
        return new KeyTemplate.Custom(c.owner(), c.method(), List.copyOf(resolvedArgs));
    }
  }

  private static String inner(KeyTemplateSyntax.Placeholder p) {
    return p.source().substring(1, p.source().length() - 1);
  }

  record Property(String accessor, TypeMirror type) {}

  /** Readable properties of a type: getters, {@code isX()}, record-style accessors, public fields. */
  Map<String, Property> properties(TypeMirror type) {
    Map<String, Property> props = new LinkedHashMap<>();
    if (type.getKind() == TypeKind.TYPEVAR) {
      type = ((TypeVariable) type).getUpperBound();
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return props;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement te = (TypeElement) declared.asElement();
    List<? extends Element> members = elements.getAllMembers(te);
    for (VariableElement f : ElementFilter.fieldsIn(members)) {
      if (f.getModifiers().contains(Modifier.PUBLIC) && !f.getModifiers().contains(Modifier.STATIC)) {
        props.putIfAbsent(f.getSimpleName().toString(), new Property(f.getSimpleName().toString(), types.asMemberOf(declared, f)));
      }
    }
    for (ExecutableElement m : ElementFilter.methodsIn(members)) {
      if (!m.getModifiers().contains(Modifier.PUBLIC) || m.getModifiers().contains(Modifier.STATIC)
          || !m.getParameters().isEmpty() || m.getReturnType().getKind() == TypeKind.VOID) {
        continue;
      }
      String n = m.getSimpleName().toString();
      if (HIDDEN.contains(n)) {
        continue;
      }
      TypeMirror returned = ((javax.lang.model.type.ExecutableType) types.asMemberOf(declared, m)).getReturnType();
      Property prop = new Property(n + "()", returned);
      if (n.startsWith("get") && n.length() > 3 && Character.isUpperCase(n.charAt(3))) {
        props.put(decapitalize(n.substring(3)), prop);
      } else if (n.startsWith("is") && n.length() > 2 && Character.isUpperCase(n.charAt(2))
          && (returned.getKind() == TypeKind.BOOLEAN || returned.toString().equals("java.lang.Boolean"))) {
        props.put(decapitalize(n.substring(2)), prop);
      } else if (te.getKind() == ElementKind.RECORD || !props.containsKey(n)) {
        props.putIfAbsent(n, prop);
      }
    }
    return props;
  }

  /** Whether {@code toString()} of the type is Object's identity rendering (a warning). */
  boolean unstable(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement te = (TypeElement) ((DeclaredType) type).asElement();
    if (te.getKind() != ElementKind.CLASS || te.getModifiers().contains(Modifier.ABSTRACT)) {
      return false; // enums, records, interfaces: stable or unknown
    }
    String pkg = elements.getPackageOf(te).getQualifiedName().toString();
    if (pkg.startsWith("java.") || pkg.startsWith("javax.")) {
      return false;
    }
    TypeElement current = te;
    while (current != null && !current.getQualifiedName().contentEquals("java.lang.Object")) {
      for (ExecutableElement m : ElementFilter.methodsIn(current.getEnclosedElements())) {
        if (m.getSimpleName().contentEquals("toString") && m.getParameters().isEmpty()) {
          return false;
        }
      }
      TypeMirror sup = current.getSuperclass();
      current = sup.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) sup).asElement() : null;
    }
    return true;
  }

  /** JavaBeans' rule: {@code Name} gives {@code name}, {@code URL} stays {@code URL}. */
  static String decapitalize(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(1)) && Character.isUpperCase(s.charAt(0))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  static String simple(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return type.toString();
  }
}
