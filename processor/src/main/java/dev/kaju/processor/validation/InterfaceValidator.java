package dev.kaju.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.kaju.processor.Messages;
import dev.kaju.processor.model.BloomSpec;
import dev.kaju.processor.model.CachedInterface;
import dev.kaju.processor.model.CachedSpec;
import dev.kaju.processor.model.StrategySpec;
import dev.kaju.processor.model.KeyTemplate;
import dev.kaju.processor.model.Method;
import dev.kaju.processor.model.StepSpec;
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
public final class InterfaceValidator extends MethodValidator {
  private final StrategyValidator strategies;
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
  public static final String CACHE_TRANSACTION = "dev.kaju.annotation.CacheTransaction";
  /** The annotations that make a method a step of a generated class, by qualified name. */
  public static final List<String> STRATEGIES =
      List.of(CACHED, FAILOVER, SOFT, EARLY, HIT, LOCKED, RATE_LIMIT, SLICE_RATE_LIMIT, CIRCUIT_BREAKER, INVALIDATE, BLOOM, BLOOM_ADD,
          CACHE_TRANSACTION);
  /** The steps that store the method's result for later calls: one per method. */
  private static final List<String> STORING = List.of(CACHED, SOFT, EARLY, HIT);
  private static final List<String> TYPE_LEVEL = List.of("ttl", "prefix", "formatters");


  public InterfaceValidator(Elements elements, Types types) {
    super(elements, types);
    this.strategies = new StrategyValidator(elements, types);
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
    ClassName ifaceClass = ClassName.get(iface);
    ValueCodecCollector codecs = new ValueCodecCollector(
        elements, types, ClassName.get(ifaceClass.packageName(), String.join("_", ifaceClass.simpleNames()) + "Codecs"));
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
          strategies.bloom(iface, m, t, mm, paramTypes, all, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(BLOOM_ADD)) {
          strategies.bloomAdd(iface, m, t, mm, paramTypes, all, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(CACHE_TRANSACTION)) {
          strategies.transaction(iface, m, t, mm, paramTypes, formatters, report).ifPresent(steps::add);
        } else if (annotation.equals(INVALIDATE)) {
          strategies.invalidate(iface, m, t, mm, paramTypes, defaultPrefix, formatters, report).ifPresent(steps::add);
        } else if (STRATEGIES.contains(annotation)) {
          strategies.strategy(iface, m, t, mm, paramTypes, all, defaultTtl, formatters, report).ifPresent(steps::add);
        }
      }
      if (steps.size() > 1 && steps.stream().anyMatch(BloomSpec.class::isInstance)) {
        report.error(Messages.BLOOM_ALONE.format(m.getSimpleName()), m, Annotations.find(m, BLOOM), null);
      }
      boolean stores = steps.stream().anyMatch(step -> step instanceof CachedSpec
          || step instanceof StrategySpec s && List.of("Failover", "Soft", "Early", "Hit").contains(s.kind()));
      if (stores && t.getReturnType().getKind() != TypeKind.VOID) {
        AnnotationMirror at = storing != null ? storing : Annotations.find(m, FAILOVER);
        codecs.collect(storedValue(t.getReturnType()), m, at, report);
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
        new CachedInterface(
            ifaceName, implemented, ClassName.get(ifaceName.packageName(), generatedSimple), typeVars, methods, codecs.build(),
            readsJavaCompiler(iface)));
  }

  /**
   * Whether code in {@code iface}'s module can use {@code @javax.annotation.processing.Generated}:
   * the unnamed module reads every module; a named one only when it requires {@code java.compiler}.
   */
  private boolean readsJavaCompiler(TypeElement iface) {
    javax.lang.model.element.ModuleElement module = elements.getModuleOf(iface);
    if (module == null || module.isUnnamed()) {
      return true;
    }
    for (javax.lang.model.element.ModuleElement.Directive d : module.getDirectives()) {
      if (d instanceof javax.lang.model.element.ModuleElement.RequiresDirective r
          && r.getDependency().getQualifiedName().contentEquals("java.compiler")) {
        return true;
      }
    }
    return false;
  }

  /** What a storing step keeps of a method's result: its value, or the elements of an iterator method. */
  private TypeMirror storedValue(TypeMirror returned) {
    if (iteratorKind(returned).isPresent()) {
      List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
      TypeMirror element = args.isEmpty() ? elements.getTypeElement("java.lang.Object").asType() : args.get(0);
      if (element.getKind() == TypeKind.WILDCARD) {
        TypeMirror bound = ((javax.lang.model.type.WildcardType) element).getExtendsBound();
        element = bound == null ? elements.getTypeElement("java.lang.Object").asType() : bound;
      }
      return element;
    }
    return valueOf(returned);
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
