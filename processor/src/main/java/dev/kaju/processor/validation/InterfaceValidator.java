package dev.kaju.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.kaju.processor.Messages;
import dev.kaju.processor.model.CachedInterface;
import dev.kaju.processor.model.CachedSpec;
import dev.kaju.processor.model.StrategySpec;
import dev.kaju.processor.model.InvalidateSpec;
import dev.kaju.processor.model.BloomSpec;
import dev.kaju.processor.model.BloomAddSpec;
import dev.kaju.processor.model.StepSpec;
import dev.kaju.processor.model.KeyTemplate;
import dev.kaju.processor.model.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one interface carrying Kaju annotations and builds its {@link CachedInterface}, or
 * reports every problem found (on the element and annotation value at fault).
 */
public final class InterfaceValidator {
  public static final String CACHED = "dev.kaju.annotation.Cached";
  public static final String FAILOVER = "dev.kaju.annotation.Failover";
  public static final String SOFT = "dev.kaju.annotation.Soft";
  public static final String EARLY = "dev.kaju.annotation.Early";
  public static final String HIT = "dev.kaju.annotation.Hit";
  public static final String LOCKED = "dev.kaju.annotation.Locked";
  public static final String RATE_LIMIT = "dev.kaju.annotation.RateLimit";
  public static final String SLICE_RATE_LIMIT = "dev.kaju.annotation.SliceRateLimit";
  public static final String CIRCUIT_BREAKER = "dev.kaju.annotation.CircuitBreaker";
  public static final String INVALIDATE = "dev.kaju.annotation.Invalidate";
  public static final String BLOOM = "dev.kaju.annotation.Bloom";
  public static final String BLOOM_ADD = "dev.kaju.annotation.Bloom.Add";
  /** The steps that may wrap a {@code void} method: they store no result. */
  private static final List<String> VOID_OK = List.of("Invalidate", "Locked", "RateLimit", "SliceRateLimit", "CircuitBreaker", "Add");
  /** The annotations that make a method a step of a generated class, by qualified name. */
  public static final List<String> STRATEGIES =
      List.of(CACHED, FAILOVER, SOFT, EARLY, HIT, LOCKED, RATE_LIMIT, SLICE_RATE_LIMIT, CIRCUIT_BREAKER, INVALIDATE, BLOOM, BLOOM_ADD);
  /** The steps that store the method's result for later calls: one per method. */
  private static final List<String> STORING = List.of(CACHED, SOFT, EARLY, HIT);
  private static final List<String> TYPE_LEVEL = List.of("ttl", "prefix", "formatters");
  private static final List<String> ITERATOR_TYPES =
      List.of("java.util.stream.BaseStream", "java.util.Iterator", "java.util.concurrent.Flow.Publisher");

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;
  private final KeyResolver keys;

  public InterfaceValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.annotations = new Annotations(elements);
    this.keys = new KeyResolver(elements, types);
  }

  /** Checks where a strategy annotation ({@code annotation}, qualified) was put; reports a class or a class's method. */
  public static boolean placedOnInterface(Element annotated, String annotation, Report report) {
    AnnotationMirror mirror = Annotations.find(annotated, annotation);
    String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
    if (annotated instanceof TypeElement te) {
      if (te.getKind() != ElementKind.INTERFACE) {
        report.error(
            Messages.NOT_AN_INTERFACE.format(simple, te.getSimpleName(), kind(te), te.getSimpleName()), te, mirror, null);
        return false;
      }
      return true;
    }
    Element owner = annotated.getEnclosingElement();
    if (owner.getKind() != ElementKind.INTERFACE) {
      report.error(
          Messages.METHOD_NOT_IN_INTERFACE.format(simple, annotated.getSimpleName() + "()", kind(owner), owner.getSimpleName()),
          annotated, mirror, null);
      return false;
    }
    return true;
  }

  private static String kind(Element e) {
    return e.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  public Optional<CachedInterface> validate(TypeElement iface, Report report) {
    AnnotationMirror typeMirror = Annotations.find(iface, CACHED);
    String defaultTtl = "";
    String defaultPrefix = "";
    List<TypeElement> formatterOwners = new ArrayList<>();
    formatterOwners.add(iface);
    if (typeMirror != null) {
      for (String attribute : List.of("ttlMethod", "key", "condition", "conditionMethod", "cacheExceptions", "onlyExceptions", "timeCondition", "tags", "lock")) {
        AnnotationValue v = Annotations.explicit(typeMirror, attribute);
        if (v != null) {
          report.error(Messages.TYPE_LEVEL_ONLY_DEFAULTS.format(attribute), iface, typeMirror, v);
        }
      }
      defaultTtl = annotations.string(typeMirror, "ttl");
      if (!defaultTtl.isEmpty()) {
        String problem = Ttls.check(defaultTtl);
        if (problem != null) {
          report.error(Messages.BAD_TTL.format("@Cached ttl of " + iface.getSimpleName(), problem), iface, typeMirror, Annotations.explicit(typeMirror, "ttl"));
          defaultTtl = "";
        }
      }
      defaultPrefix = annotations.string(typeMirror, "prefix");
      for (DeclaredType t : annotations.classes(typeMirror, "formatters")) {
        formatterOwners.add((TypeElement) t.asElement());
      }
    }
    FormatterRegistry formatters =
        FormatterRegistry.collect(formatterOwners, elements, types, report, iface, typeMirror);

    // static methods cannot be cached
    for (ExecutableElement m : ElementFilter.methodsIn(iface.getEnclosedElements())) {
      for (String strategy : STRATEGIES) {
        AnnotationMirror mm = Annotations.find(m, strategy);
        if (mm != null && m.getModifiers().contains(Modifier.STATIC)) {
          report.error(
              Messages.STATIC_METHOD.format(simpleName(mm), m.getSimpleName(), iface.getSimpleName() + "Cached"), m, mm, null);
        }
      }
    }

    DeclaredType ifaceType = (DeclaredType) iface.asType();
    List<ExecutableElement> all = methods(iface);
    List<Method> methods = new ArrayList<>();
    for (ExecutableElement m : all) {
      ExecutableType t = (ExecutableType) types.asMemberOf(ifaceType, m);
      checkResolved(t);
      List<Method.Parameter> params = new ArrayList<>();
      Map<String, TypeMirror> paramTypes = new LinkedHashMap<>();
      for (int i = 0; i < m.getParameters().size(); i++) {
        VariableElement p = m.getParameters().get(i);
        TypeMirror pt = t.getParameterTypes().get(i);
        params.add(new Method.Parameter(p.getSimpleName().toString(), TypeName.get(pt)));
        paramTypes.put(p.getSimpleName().toString(), pt);
      }
      List<TypeVariableName> typeVars = new ArrayList<>();
      for (TypeParameterElement tp : m.getTypeParameters()) {
        typeVars.add(TypeVariableName.get(tp));
      }
      List<TypeName> thrown = t.getThrownTypes().stream().map(TypeName::get).collect(Collectors.toList());
      // one step per strategy annotation, in the order written: the first is the outermost
      List<StepSpec> steps = new ArrayList<>();
      AnnotationMirror storing = null;
      for (AnnotationMirror mm : m.getAnnotationMirrors()) {
        String annotation = ((TypeElement) mm.getAnnotationType().asElement()).getQualifiedName().toString();
        if (STORING.contains(annotation)) {
          if (storing != null) {
            report.error(Messages.TWO_STORING_STEPS.format(m.getSimpleName(), simpleName(storing), simpleName(mm)), m, mm, null);
            continue;
          }
          storing = mm;
        }
        if (annotation.equals(CACHED)) {
          cached(iface, m, t, mm, paramTypes, all, defaultTtl, defaultPrefix, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(BLOOM)) {
          bloom(iface, m, t, mm, paramTypes, all, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(BLOOM_ADD)) {
          bloomAdd(iface, m, t, mm, paramTypes, all, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(INVALIDATE)) {
          invalidate(iface, m, t, mm, paramTypes, defaultPrefix, formatters, report).ifPresent(steps::add);
        } else if (STRATEGIES.contains(annotation)) {
          strategy(iface, m, t, mm, paramTypes, all, defaultTtl, formatters, report).ifPresent(steps::add);
        }
      }
      if (steps.size() > 1 && steps.stream().anyMatch(BloomSpec.class::isInstance)) {
        report.error(Messages.BLOOM_ALONE.format(m.getSimpleName()), m, Annotations.find(m, BLOOM), null);
      }
      methods.add(new Method(m.getSimpleName().toString(), typeVars, params, TypeName.get(t.getReturnType()), thrown, m.isVarArgs(), steps));
    }
    if (report.hasErrors()) {
      return Optional.empty();
    }
    ClassName ifaceName = ClassName.get(iface);
    List<TypeVariableName> typeVars = new ArrayList<>();
    for (TypeParameterElement tp : iface.getTypeParameters()) {
      typeVars.add(TypeVariableName.get(tp));
    }
    TypeName implemented =
        typeVars.isEmpty() ? ifaceName : ParameterizedTypeName.get(ifaceName, typeVars.toArray(new TypeName[0]));
    String generatedSimple = String.join("_", ifaceName.simpleNames()) + "Cached";
    return Optional.of(
        new CachedInterface(ifaceName, implemented, ClassName.get(ifaceName.packageName(), generatedSimple), typeVars, methods));
  }

  private void checkResolved(ExecutableType t) {
    if (t.getReturnType().getKind() == TypeKind.ERROR) {
      throw new DeferredException();
    }
    for (TypeMirror p : t.getParameterTypes()) {
      if (p.getKind() == TypeKind.ERROR) {
        throw new DeferredException();
      }
    }
  }

  /** Abstract and default methods of the interface and its superinterfaces, the interface's own first. */
  private List<ExecutableElement> methods(TypeElement iface) {
    List<ExecutableElement> out = new ArrayList<>();
    collect(iface, iface, out);
    return out;
  }

  private void collect(TypeElement owner, TypeElement iface, List<ExecutableElement> out) {
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      boolean hidden = false;
      for (ExecutableElement seen : out) {
        if (seen.getSimpleName().equals(m.getSimpleName())
            && (elements.overrides(seen, m, iface) || types.isSubsignature(
                (ExecutableType) types.asMemberOf((DeclaredType) iface.asType(), seen),
                (ExecutableType) types.asMemberOf((DeclaredType) iface.asType(), m)))) {
          hidden = true;
          break;
        }
      }
      if (!hidden) {
        out.add(m);
      }
    }
    for (TypeMirror sup : owner.getInterfaces()) {
      collect((TypeElement) ((DeclaredType) sup).asElement(), iface, out);
    }
  }

  private Optional<CachedSpec> cached(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      List<ExecutableElement> all,
      String defaultTtl,
      String defaultPrefix,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    boolean ok = true;
    TypeMirror returned = t.getReturnType();
    if (!returnSupported(m, t, mm, report)) {
      return Optional.empty();
    }
    Optional<String> iterator = iteratorKind(returned);
    if (iterator.isPresent()) {
      return iteratorCached(iface, m, t, mm, params, all, defaultTtl, defaultPrefix, formatters, iterator.get(), report);
    }
    boolean async = isAsync(returned);
    TypeMirror value = valueOf(returned);
    TypeName valueType = TypeName.get(value).box();

    // TTL
    String ttl = annotations.string(mm, "ttl");
    String ttlMethodName = annotations.string(mm, "ttlMethod");
    Optional<Duration> fixedTtl = Optional.empty();
    Optional<CachedSpec.Call> ttlMethod = Optional.empty();
    if (!ttl.isEmpty() && !ttlMethodName.isEmpty()) {
      report.error(Messages.TTL_AND_TTL_METHOD.format(name), m, mm, Annotations.explicit(mm, "ttlMethod"));
      ok = false;
    } else if (!ttlMethodName.isEmpty()) {
      ttlMethod = helper(iface, m, t, mm, "ttlMethod", ttlMethodName, null, all, report);
      ok &= ttlMethod.isPresent();
    } else {
      String chosen = ttl.isEmpty() ? defaultTtl : ttl;
      if (!ttl.isEmpty()) {
        String problem = Ttls.check(ttl);
        if (problem != null) {
          report.error(Messages.BAD_TTL.format("@Cached ttl of " + name + "()", problem), m, mm, Annotations.explicit(mm, "ttl"));
          ok = false;
        }
      }
      if (chosen.isEmpty()) {
        if (ok) {
          report.error(Messages.NO_TTL.format(name), m, mm, null);
        }
        ok = false;
      } else if (Ttls.check(chosen) == null) { // a bad one was reported above
        fixedTtl = Optional.of(Ttls.parse(chosen));
      }
    }

    // key
    String prefix = annotations.string(mm, "prefix");
    if (prefix.isEmpty()) {
      prefix = defaultPrefix;
    }
    AnnotationValue keyValue = Annotations.explicit(mm, "key");
    String template = annotations.string(mm, "key");
    boolean exact = template.isEmpty();
    if (exact) {
      template = defaultKey(iface, m, all);
    }
    Optional<KeyTemplate> key =
        keys.resolve(template, exact, prefix, params, formatters, new KeyResolver.Site(name, m, mm, keyValue), report);
    ok &= key.isPresent();

    // conditions
    boolean notNull = annotations.enumConstant(mm, "condition").equals("NOT_NULL");
    List<DeclaredType> cacheExceptions = annotations.classes(mm, "cacheExceptions");
    List<DeclaredType> onlyExceptions = annotations.classes(mm, "onlyExceptions");
    if (!cacheExceptions.isEmpty() && !onlyExceptions.isEmpty()) {
      report.error(Messages.EXCEPTIONS_BOTH.format(name), m, mm, Annotations.explicit(mm, "onlyExceptions"));
      ok = false;
    }
    boolean only = !onlyExceptions.isEmpty();
    if (notNull && returned.getKind().isPrimitive()) {
      report.error(Messages.NOT_NULL_PRIMITIVE.format(name, returned), m, mm, Annotations.explicit(mm, "condition"));
      ok = false;
    }
    if (notNull && only) {
      report.error(Messages.NOT_NULL_ONLY_EXCEPTIONS.format(name), m, mm, Annotations.explicit(mm, "condition"));
      ok = false;
    }
    String conditionName = annotations.string(mm, "conditionMethod");
    Optional<CachedSpec.Call> condition = Optional.empty();
    if (!conditionName.isEmpty()) {
      if (only) {
        report.error(Messages.CONDITION_ONLY_EXCEPTIONS.format(name), m, mm, Annotations.explicit(mm, "conditionMethod"));
        ok = false;
      } else {
        condition = helper(iface, m, t, mm, "conditionMethod", conditionName, value, all, report);
        ok &= condition.isPresent();
      }
    }
    List<CachedSpec.CachedException> exceptions = new ArrayList<>();
    String listName = only ? "onlyExceptions" : "cacheExceptions";
    for (DeclaredType ex : only ? onlyExceptions : cacheExceptions) {
      CachedSpec.CachedException ce = exception(ex, m, t, mm, listName, report);
      if (ce == null) {
        ok = false;
      } else {
        exceptions.add(ce);
      }
    }
    String timeCondition = annotations.string(mm, "timeCondition");
    if (!timeCondition.isEmpty()) {
      String problem = Ttls.check(timeCondition);
      if (problem != null) {
        report.error(Messages.BAD_TTL.format("@Cached timeCondition of " + name + "()", problem), m, mm, Annotations.explicit(mm, "timeCondition"));
        ok = false;
      }
    }
    List<KeyTemplate> tags = new ArrayList<>();
    ok &= tags(m, mm, params, formatters, tags, report);
    boolean lock = annotations.bool(mm, "lock");
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(
        new CachedSpec(
            shown(mm),
            iface.getSimpleName() + "." + name,
            valueType,
            async,
            key.get(),
            fixedTtl,
            ttlMethod,
            notNull,
            condition,
            exceptions,
            only,
            timeCondition.isEmpty() || Ttls.check(timeCondition) != null ? Optional.empty() : Optional.of(Ttls.parse(timeCondition)),
            lock,
            mentionsTypeVariableOf(value, m),
            tags,
            Optional.empty()));
  }

  /**
   * The {@code tags} of a storing step ({@code @Cached}, {@code @Soft}, {@code @Early},
   * {@code @Hit}): each resolved like a key template without prefix, into {@code tags}; false when
   * one is empty or does not resolve (reported).
   */
  private boolean tags(
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
  private boolean returnSupported(ExecutableElement m, ExecutableType t, AnnotationMirror mm, Report report) {
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
   * {@code @Invalidate}: each pattern resolved as a key template of the method's parameters, after
   * the interface's prefix.
   */
  private Optional<InvalidateSpec> invalidate(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      String defaultPrefix,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    if (!returnSupported(m, t, mm, report)) {
      return Optional.empty();
    }
    List<String> templates = annotations.strings(mm, "value");
    if (templates.isEmpty()) {
      report.error(Messages.INVALIDATE_EMPTY.format(name), m, mm, Annotations.explicit(mm, "value"));
      return Optional.empty();
    }
    boolean ok = true;
    List<KeyTemplate> patterns = new ArrayList<>();
    for (String template : templates) {
      if (template.isEmpty()) {
        report.error(Messages.INVALIDATE_EMPTY.format(name), m, mm, Annotations.explicit(mm, "value"));
        ok = false;
        continue;
      }
      Optional<KeyTemplate> pattern = keys.resolve(
          template, false, defaultPrefix, params, formatters, new KeyResolver.Site(name, m, mm, Annotations.explicit(mm, "value")), report);
      pattern.ifPresent(patterns::add);
      ok &= pattern.isPresent();
    }
    if (!ok) {
      return Optional.empty();
    }
    TypeMirror returned = t.getReturnType();
    TypeName value = returned.getKind() == TypeKind.VOID ? ClassName.get(Void.class) : TypeName.get(valueOf(returned)).box();
    return Optional.of(new InvalidateSpec(shown(mm), iface.getSimpleName() + "." + name, value, isAsync(returned), patterns));
  }

  /**
   * For {@code Stream<X>}, {@code Iterator<X>}, {@code Iterable<X>} and {@code Flow.Publisher<X>}
   * (exactly those), the {@code IteratorSite} method caching them.
   */
  private Optional<String> iteratorKind(TypeMirror returned) {
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

  /** {@code @Cached} on an iterator method: ttl, key and prefix only; the elements are the value. */
  private Optional<CachedSpec> iteratorCached(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      List<ExecutableElement> all,
      String defaultTtl,
      String defaultPrefix,
      FormatterRegistry formatters,
      String kind,
      Report report) {
    String name = m.getSimpleName().toString();
    TypeMirror returned = t.getReturnType();
    boolean ok = true;
    for (String attribute : List.of("ttlMethod", "condition", "conditionMethod", "cacheExceptions", "onlyExceptions", "timeCondition", "tags", "lock")) {
      AnnotationValue v = Annotations.explicit(mm, attribute);
      if (v != null) {
        report.error(Messages.ITERATOR_ATTRIBUTE.format(attribute, name, returned), m, mm, v);
        ok = false;
      }
    }
    List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
    TypeMirror element = args.isEmpty() ? elements.getTypeElement("java.lang.Object").asType() : args.get(0);
    if (element.getKind() == TypeKind.WILDCARD) {
      TypeMirror ext = ((javax.lang.model.type.WildcardType) element).getExtendsBound();
      element = ext == null ? elements.getTypeElement("java.lang.Object").asType() : ext;
    }
    if (mentionsTypeVariableOf(element, m)) {
      report.error(Messages.ITERATOR_GENERIC.format(name, returned), m, mm, null);
      ok = false;
    }
    String ttl = annotations.string(mm, "ttl");
    Optional<Duration> fixedTtl = Optional.empty();
    if (!ttl.isEmpty() && Ttls.check(ttl) != null) {
      report.error(Messages.BAD_TTL.format("@Cached ttl of " + name + "()", Ttls.check(ttl)), m, mm, Annotations.explicit(mm, "ttl"));
      ok = false;
    } else if (ttl.isEmpty() && defaultTtl.isEmpty()) {
      report.error(Messages.NO_TTL.format(name), m, mm, null);
      ok = false;
    } else {
      fixedTtl = Optional.of(Ttls.parse(ttl.isEmpty() ? defaultTtl : ttl));
    }
    String prefix = annotations.string(mm, "prefix");
    String template = annotations.string(mm, "key");
    boolean exact = template.isEmpty();
    Optional<KeyTemplate> key = keys.resolve(
        exact ? defaultKey(iface, m, all) : template, exact, prefix.isEmpty() ? defaultPrefix : prefix, params, formatters,
        new KeyResolver.Site(name, m, mm, Annotations.explicit(mm, "key")), report);
    ok &= key.isPresent();
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(new CachedSpec(shown(mm), iface.getSimpleName() + "." + name, TypeName.get(element).box(), false, key.get(),
        fixedTtl, Optional.empty(), false, Optional.empty(), List.of(), false, Optional.empty(), false, false, List.of(), Optional.of(kind)));
  }

  /** The member key template of a {@code @Bloom} method, and whether it is the default (exact) one. */
  private record BloomKey(String template, boolean exact) {}

  private BloomKey bloomKey(TypeElement iface, ExecutableElement m, AnnotationMirror mm, List<ExecutableElement> all) {
    String template = annotations.string(mm, "key");
    return template.isEmpty() ? new BloomKey(defaultKey(iface, m, all), true) : new BloomKey(template, false);
  }

  /** {@code @Bloom}: a boolean method (or a stage of one), a positive capacity, a rate in (0, 100). */
  private Optional<BloomSpec> bloom(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      List<ExecutableElement> all,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    TypeMirror returned = t.getReturnType();
    boolean async = isAsync(returned);
    TypeMirror value = valueOf(returned);
    if (!TypeName.get(value).box().equals(ClassName.get(Boolean.class))) {
      report.error(Messages.BLOOM_RETURN.format(name, returned), m, mm, null);
      return Optional.empty();
    }
    boolean ok = true;
    int capacity = (Integer) annotations.value(mm, "capacity").getValue();
    if (capacity < 1) {
      report.error(Messages.TOO_SMALL.format("Bloom", name, "capacity", capacity, 1), m, mm, Annotations.explicit(mm, "capacity"));
      ok = false;
    }
    double rate = (Double) annotations.value(mm, "falsePositives").getValue();
    if (!(rate > 0 && rate < 100)) {
      report.error(Messages.BLOOM_RATE.format(name, rate), m, mm, Annotations.explicit(mm, "falsePositives"));
      ok = false;
    }
    BloomKey member = bloomKey(iface, m, mm, all);
    Optional<KeyTemplate> key = keys.resolve(
        member.template(), member.exact(), "", params, formatters, new KeyResolver.Site(name, m, mm, Annotations.explicit(mm, "key")), report);
    if (!ok || key.isEmpty()) {
      return Optional.empty();
    }
    String filterKey = annotations.string(mm, "prefix") + ":" + iface.getSimpleName() + "." + name;
    return Optional.of(new BloomSpec(shown(mm), iface.getSimpleName() + "." + name, async, key.get(), filterKey, capacity, rate));
  }

  /** {@code @Bloom.Add("target")}: the target's member key, rendered from this method's parameters. */
  private Optional<BloomAddSpec> bloomAdd(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      List<ExecutableElement> all,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    if (!returnSupported(m, t, mm, report)) {
      return Optional.empty();
    }
    String targetName = annotations.string(mm, "value");
    ExecutableElement target = null;
    List<String> blooms = new ArrayList<>();
    for (ExecutableElement other : all) {
      if (Annotations.find(other, BLOOM) != null) {
        blooms.add(other.getSimpleName().toString());
        if (other.getSimpleName().contentEquals(targetName)) {
          target = other;
        }
      }
    }
    if (target == null) {
      report.error(Messages.BLOOM_ADD_TARGET.format(name, targetName, blooms.isEmpty() ? "none" : String.join(", ", blooms),
          Messages.didYouMean(targetName, blooms)), m, mm, Annotations.explicit(mm, "value"));
      return Optional.empty();
    }
    BloomKey member = bloomKey(iface, target, Annotations.find(target, BLOOM), all);
    Report inner = new Report();
    Optional<KeyTemplate> key = keys.resolve(member.template(), member.exact(), "", params, formatters,
        new KeyResolver.Site(name, m, mm, Annotations.explicit(mm, "value")), inner);
    if (key.isEmpty() || inner.hasErrors()) {
      report.error(Messages.BLOOM_ADD_KEY.format(name, targetName, member.template()), m, mm, Annotations.explicit(mm, "value"));
      return Optional.empty();
    }
    TypeMirror returned = t.getReturnType();
    TypeName value = returned.getKind() == TypeKind.VOID ? ClassName.get(Void.class) : TypeName.get(valueOf(returned)).box();
    return Optional.of(new BloomAddSpec(shown(mm), iface.getSimpleName() + "." + name, value, isAsync(returned), targetName, key.get()));
  }

  /** The value a method produces: its return type, or {@code X} of a {@code CompletionStage<X>}. */
  private TypeMirror valueOf(TypeMirror returned) {
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

  private static String simpleName(AnnotationMirror mm) {
    return mm.getAnnotationType().asElement().getSimpleName().toString();
  }

  /**
   * A strategy step other than {@code @Cached}: its TTL (or the interface's), its key (with the
   * annotation's prefix) and the attributes of its kind, as builder calls of its runtime class.
   */
  private Optional<StrategySpec> strategy(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      List<ExecutableElement> all,
      String defaultTtl,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    String kind = simpleName(mm);
    if (!returnSupported(m, t, mm, report)) {
      return Optional.empty();
    }
    boolean ok = true;
    TypeMirror returned = t.getReturnType();
    boolean async = isAsync(returned);
    TypeMirror value = valueOf(returned);
    boolean isVoid = returned.getKind() == TypeKind.VOID;

    // the TTL: the entry's (or the lock's) for most strategies, the interface's when not given;
    // a ban for @RateLimit (optional); the open time for @CircuitBreaker (required); none for @SliceRateLimit
    boolean hasTtl = !kind.equals("SliceRateLimit");
    boolean ttlFromInterface = !kind.equals("RateLimit") && !kind.equals("CircuitBreaker");
    String ttl = hasTtl ? annotations.string(mm, "ttl") : "";
    Duration fixedTtl = null;
    if (!ttl.isEmpty() && Ttls.check(ttl) != null) {
      report.error(Messages.BAD_TTL.format("@" + kind + " ttl of " + name + "()", Ttls.check(ttl)), m, mm, Annotations.explicit(mm, "ttl"));
      ok = false;
    } else if (ttl.isEmpty() && ttlFromInterface && hasTtl && defaultTtl.isEmpty()) {
      report.error(Messages.STRATEGY_NO_TTL.format(kind, name, STRATEGY_TTL.get(kind)), m, mm, null);
      ok = false;
    } else if (!ttl.isEmpty() || (ttlFromInterface && hasTtl)) {
      fixedTtl = Ttls.parse(ttl.isEmpty() ? defaultTtl : ttl);
    }

    AnnotationValue keyValue = Annotations.explicit(mm, "key");
    String template = annotations.string(mm, "key");
    boolean exact = template.isEmpty();
    if (exact) {
      // cashews cb-05: one breaker per method, whatever the arguments
      template = kind.equals("CircuitBreaker") ? iface.getQualifiedName() + "." + m.getSimpleName() : defaultKey(iface, m, all);
    }
    Optional<KeyTemplate> key = keys.resolve(
        template, exact, annotations.string(mm, "prefix"), params, formatters, new KeyResolver.Site(name, m, mm, keyValue), report);
    ok &= key.isPresent();

    List<StrategySpec.Option> options = new ArrayList<>();
    Optional<CachedSpec.Call> fallback = Optional.empty();
    if (fixedTtl != null) {
      options.add(new StrategySpec.Option("ttl", fixedTtl));
      switch (kind) {
        case "Soft" -> ok &= shorterTtl(m, mm, "softTtl", fixedTtl, ttl.isEmpty() ? defaultTtl : ttl, options, report);
        case "Early" -> ok &= shorterTtl(m, mm, "earlyTtl", fixedTtl, ttl.isEmpty() ? defaultTtl : ttl, options, report);
        default -> { }
      }
    }
    if (kind.equals("Hit")) {
      int hits = (Integer) annotations.value(mm, "cacheHits").getValue();
      int updateAfter = (Integer) annotations.value(mm, "updateAfter").getValue();
      if (hits < 1) {
        report.error(Messages.HIT_CACHE_HITS.format(name, hits), m, mm, Annotations.explicit(mm, "cacheHits"));
        ok = false;
      } else if (updateAfter < 0 || updateAfter >= hits) {
        report.error(Messages.HIT_UPDATE_AFTER.format(name, updateAfter, hits), m, mm, Annotations.explicit(mm, "updateAfter"));
        ok = false;
      }
      options.add(new StrategySpec.Option("cacheHits", hits));
      options.add(new StrategySpec.Option("updateAfter", updateAfter));
    }
    switch (kind) {
      case "Locked" -> {
        if (!annotations.bool(mm, "waitForLock")) {
          options.add(new StrategySpec.Option("waitForLock", false));
        }
        ok &= period(m, mm, "step", Annotations.explicit(mm, "step") != null, options, report);
      }
      case "RateLimit", "SliceRateLimit" -> {
        String fallbackName = annotations.string(mm, "fallback");
        if (!fallbackName.isEmpty()) {
          fallback = fallback(iface, m, t, mm, fallbackName, report);
          ok &= fallback.isPresent();
        }
        ok &= atLeast(m, mm, "limit", 1, options, report);
        ok &= period(m, mm, "period", true, options, report);
        if (fixedTtl != null) { // the ban goes last, after the window it extends
          options.remove(new StrategySpec.Option("ttl", fixedTtl));
          options.add(new StrategySpec.Option("ttl", fixedTtl));
        }
      }
      case "CircuitBreaker" -> {
        int rate = (Integer) annotations.value(mm, "errorsRate").getValue();
        if (rate <= 0 || rate >= 100) {
          report.error(Messages.BREAKER_RATE.format(name, rate), m, mm, Annotations.explicit(mm, "errorsRate"));
          ok = false;
        }
        options.add(0, new StrategySpec.Option("errorsRate", rate));
        ok &= period(m, mm, "period", true, options, report);
        ok &= period(m, mm, "halfOpenTtl", !annotations.string(mm, "halfOpenTtl").isEmpty(), options, report);
        ok &= atLeast(m, mm, "minCalls", 0, options, report);
      }
      default -> { }
    }
    if (kind.equals("Failover") || kind.equals("Soft") || kind.equals("CircuitBreaker")) {
      ok &= exceptions(m, t, mm, async, options, report);
    }
    List<KeyTemplate> tags = new ArrayList<>();
    if (kind.equals("Soft") || kind.equals("Early") || kind.equals("Hit")) {
      ok &= tags(m, mm, params, formatters, tags, report);
    }
    if (!ok) {
      return Optional.empty();
    }
    return Optional.of(new StrategySpec(
        kind,
        shown(mm),
        iface.getSimpleName() + "." + name,
        isVoid ? ClassName.get(Void.class) : TypeName.get(value).box(),
        async,
        key.get(),
        !isVoid && mentionsTypeVariableOf(value, m),
        options,
        fallback,
        tags));
  }

  /**
   * A rate limit's {@code fallback}: a method of the interface (static, default or abstract) taking
   * the method's parameters or none, returning a type the method may return.
   */
  private Optional<CachedSpec.Call> fallback(
      TypeElement iface, ExecutableElement m, ExecutableType t, AnnotationMirror mm, String fallbackName, Report report) {
    List<ExecutableElement> candidates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ExecutableElement c : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      if (c.getEnclosingElement().getKind() != ElementKind.INTERFACE || c.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      names.add(c.getSimpleName().toString());
      if (c.getSimpleName().contentEquals(fallbackName) && !c.equals(m)) {
        candidates.add(c);
      }
    }
    String params = t.getParameterTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", "));
    String expected = t.getReturnType() + " " + fallbackName + "(" + params + ") or " + t.getReturnType() + " " + fallbackName + "()";
    for (ExecutableElement c : candidates) {
      ExecutableType ct = (ExecutableType) types.asMemberOf((DeclaredType) iface.asType(), c);
      boolean none = c.getParameters().isEmpty();
      boolean returns = t.getReturnType().getKind() == TypeKind.VOID
          ? ct.getReturnType().getKind() == TypeKind.VOID
          : ct.getReturnType().getKind() != TypeKind.VOID && types.isAssignable(ct.getReturnType(), t.getReturnType());
      if (returns && (none || sameParameters(c.getParameters(), 0, t))
          && c.getTypeParameters().isEmpty()) {
        return Optional.of(new CachedSpec.Call(ClassName.get(iface), fallbackName, c.getModifiers().contains(Modifier.STATIC), !none, false));
      }
    }
    report.error(Messages.RATE_LIMIT_FALLBACK.format(simpleName(mm), m.getSimpleName(), fallbackName, expected,
        candidates.isEmpty() ? Messages.didYouMean(fallbackName, names.stream().distinct().collect(Collectors.toList())) : ""),
        m, mm, Annotations.explicit(mm, "fallback"));
    return Optional.empty();
  }

  /** What each strategy's TTL means, for the error when none is given. */
  private static final Map<String, String> STRATEGY_TTL = Map.of(
      "Failover", "how long the last good result is kept",
      "Soft", "how long an old result may be served when recomputing fails",
      "Early", "how long a result is kept",
      "Hit", "how long a result is kept at most",
      "Locked", "how long the lock is held at most, so a crashed holder's lock expires");

  /** A duration attribute ({@code period}, {@code step}, {@code halfOpenTtl}), checked and added when {@code present}. */
  private boolean period(
      ExecutableElement m, AnnotationMirror mm, String attribute, boolean present, List<StrategySpec.Option> options, Report report) {
    if (!present) {
      return true;
    }
    String text = annotations.string(mm, attribute);
    String problem = Ttls.check(text);
    if (problem != null) {
      report.error(Messages.BAD_TTL.format("@" + simpleName(mm) + " " + attribute + " of " + m.getSimpleName() + "()", problem),
          m, mm, Annotations.explicit(mm, attribute));
      return false;
    }
    options.add(new StrategySpec.Option(attribute, Ttls.parse(text)));
    return true;
  }

  /** A count attribute ({@code limit}, {@code minCalls}) of at least {@code min}. */
  private boolean atLeast(
      ExecutableElement m, AnnotationMirror mm, String attribute, int min, List<StrategySpec.Option> options, Report report) {
    int value = (Integer) annotations.value(mm, attribute).getValue();
    if (value < min) {
      report.error(Messages.TOO_SMALL.format(simpleName(mm), m.getSimpleName(), attribute, value, min), m, mm,
          Annotations.explicit(mm, attribute));
      return false;
    }
    options.add(new StrategySpec.Option(attribute, value));
    return true;
  }

  /** {@code softTtl}/{@code earlyTtl}: shorter than {@code ttl}; a third of it when not given, as cashews. */
  private boolean shorterTtl(
      ExecutableElement m,
      AnnotationMirror mm,
      String attribute,
      Duration ttl,
      String ttlText,
      List<StrategySpec.Option> options,
      Report report) {
    String text = annotations.string(mm, attribute);
    Duration shorter;
    if (text.isEmpty()) {
      shorter = ttl.dividedBy(3);
      if (shorter.isZero()) {
        shorter = ttl;
      }
    } else if (Ttls.check(text) != null) {
      report.error(Messages.BAD_TTL.format("@" + simpleName(mm) + " " + attribute + " of " + m.getSimpleName() + "()", Ttls.check(text)),
          m, mm, Annotations.explicit(mm, attribute));
      return false;
    } else {
      shorter = Ttls.parse(text);
      if (shorter.compareTo(ttl) >= 0) {
        report.error(Messages.SHORTER_TTL.format(simpleName(mm), m.getSimpleName(), attribute, text, ttlText), m, mm,
            Annotations.explicit(mm, attribute));
        return false;
      }
    }
    options.add(new StrategySpec.Option(attribute, shorter));
    return true;
  }

  /** {@code exceptions}: each one the method can throw (any, for a {@code CompletionStage}). */
  private boolean exceptions(
      ExecutableElement m, ExecutableType t, AnnotationMirror mm, boolean async, List<StrategySpec.Option> options, Report report) {
    boolean ok = true;
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    for (DeclaredType ex : annotations.classes(mm, "exceptions")) {
      boolean unchecked = types.isSubtype(ex, runtime) || types.isSubtype(ex, error) || types.isSubtype(runtime, ex);
      // a CompletionStage carries any exception; a plain method only what it declares
      if (!async && !unchecked && t.getThrownTypes().stream().noneMatch(thrown -> types.isSubtype(ex, thrown))) {
        String declared = t.getThrownTypes().isEmpty()
            ? "it declares none"
            : t.getThrownTypes().stream().map(x -> ((DeclaredType) x).asElement().getSimpleName().toString()).collect(Collectors.joining(", "));
        report.error(Messages.EXCEPTION_NEVER_THROWN.format(simpleName(mm), m.getSimpleName(), ex.asElement().getSimpleName(), declared), m, mm,
            Annotations.explicit(mm, "exceptions"));
        ok = false;
      }
      options.add(new StrategySpec.Option("exception", TypeName.get(ex)));
    }
    return ok;
  }

  /** The annotation as a reader would write it: {@code @Cached(ttl = "3h", key = "user:{id}")}. */
  private static String shown(AnnotationMirror mirror) {
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
  private static boolean mentionsTypeVariableOf(TypeMirror type, ExecutableElement method) {
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

  private boolean isAsync(TypeMirror returned) {
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
  private String defaultKey(TypeElement iface, ExecutableElement m, List<ExecutableElement> all) {
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

  /**
   * Finds a {@code ttlMethod} ({@code resultType == null}: same parameters or none, returns
   * Duration/String) or a {@code conditionMethod} (result first, then the same parameters or
   * nothing, returns boolean).
   */
  private Optional<CachedSpec.Call> helper(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      String attribute,
      String helperName,
      TypeMirror resultType,
      List<ExecutableElement> all,
      Report report) {
    String params = t.getParameterTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", "));
    String expected =
        resultType == null
            ? helperName + "(" + params + ") or " + helperName + "() returning Duration or String"
            : "boolean " + helperName + "(" + resultType + " result" + (params.isEmpty() ? "" : ", " + params) + ") or boolean "
                + helperName + "(" + resultType + " result)";
    AnnotationValue where = Annotations.explicit(mm, attribute);
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement c : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      if (c.getSimpleName().contentEquals(helperName) && c.getEnclosingElement().getKind() == ElementKind.INTERFACE) {
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      List<String> names = ElementFilter.methodsIn(elements.getAllMembers(iface)).stream()
          .filter(c -> c.getEnclosingElement().getKind() == ElementKind.INTERFACE)
          .map(c -> c.getSimpleName().toString()).distinct().collect(Collectors.toList());
      report.error(
          Messages.HELPER_METHOD_MISSING.format(attribute, helperName, m.getSimpleName(), expected, iface.getSimpleName(), Messages.didYouMean(helperName, names)),
          m, mm, where);
      return Optional.empty();
    }
    TypeMirror duration = elements.getTypeElement("java.time.Duration").asType();
    TypeMirror charSequence = elements.getTypeElement("java.lang.CharSequence").asType();
    for (ExecutableElement c : candidates) {
      boolean isStatic = c.getModifiers().contains(Modifier.STATIC);
      if (!isStatic && !c.isDefault()) {
        continue;
      }
      List<? extends VariableElement> ps = c.getParameters();
      TypeMirror ret = c.getReturnType();
      if (resultType == null) {
        boolean returns = types.isAssignable(ret, duration) || types.isAssignable(ret, charSequence);
        boolean none = ps.isEmpty();
        boolean same = sameParameters(ps, 0, t);
        if (returns && (none || same)) {
          return Optional.of(new CachedSpec.Call(ClassName.get(iface), helperName, isStatic, !none, false));
        }
      } else {
        boolean returns = ret.getKind() == TypeKind.BOOLEAN;
        if (returns && !ps.isEmpty() && acceptsResult(ps.get(0).asType(), resultType)) {
          boolean only = ps.size() == 1;
          boolean same = sameParameters(ps, 1, t);
          if (only || same) {
            return Optional.of(new CachedSpec.Call(ClassName.get(iface), helperName, isStatic, !only, true));
          }
        }
      }
    }
    ExecutableElement c = candidates.get(0);
    String found = (c.getModifiers().contains(Modifier.STATIC) ? "static " : c.isDefault() ? "default " : "abstract ")
        + c.getReturnType() + " " + c.getSimpleName() + "("
        + c.getParameters().stream().map(p -> p.asType().toString()).collect(Collectors.joining(", ")) + ")";
    report.error(Messages.HELPER_METHOD_WRONG.format(attribute, helperName, m.getSimpleName(), found, expected), m, mm, where);
    return Optional.empty();
  }

  private boolean acceptsResult(TypeMirror param, TypeMirror result) {
    if (types.isAssignable(result, param)) {
      return true;
    }
    return result.getKind().isPrimitive() && types.isAssignable(types.boxedClass((javax.lang.model.type.PrimitiveType) result).asType(), param);
  }

  private boolean sameParameters(List<? extends VariableElement> ps, int from, ExecutableType t) {
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

  private CachedSpec.CachedException exception(
      DeclaredType ex, ExecutableElement m, ExecutableType t, AnnotationMirror mm, String listName, Report report) {
    TypeElement te = (TypeElement) ex.asElement();
    AnnotationValue where = Annotations.explicit(mm, listName);
    boolean message = false;
    boolean noArg = false;
    if (!te.getModifiers().contains(Modifier.ABSTRACT)) {
      for (ExecutableElement c : ElementFilter.constructorsIn(te.getEnclosedElements())) {
        if (!c.getModifiers().contains(Modifier.PUBLIC)) {
          continue;
        }
        if (c.getParameters().isEmpty()) {
          noArg = true;
        } else if (c.getParameters().size() == 1
            && types.isSameType(c.getParameters().get(0).asType(), elements.getTypeElement("java.lang.String").asType())) {
          message = true;
        }
      }
    }
    if (!message && !noArg) {
      report.error(Messages.EXCEPTION_NO_CONSTRUCTOR.format(te.getQualifiedName()), m, mm, where);
      return null;
    }
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    boolean unchecked = types.isSubtype(ex, runtime) || types.isSubtype(ex, error);
    if (!unchecked && t.getThrownTypes().stream().noneMatch(thrown -> types.isSubtype(ex, thrown))) {
      report.error(Messages.EXCEPTION_NOT_THROWN.format(m.getSimpleName(), te.getSimpleName(), listName), m, mm, where);
      return null;
    }
    return new CachedSpec.CachedException(TypeName.get(ex), message);
  }
}
