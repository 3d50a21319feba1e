package dev.kaju.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.kaju.processor.Messages;
import dev.kaju.processor.model.BloomAddSpec;
import dev.kaju.processor.model.BloomSpec;
import dev.kaju.processor.model.CachedSpec;
import dev.kaju.processor.model.InvalidateSpec;
import dev.kaju.processor.model.KeyTemplate;
import dev.kaju.processor.model.StrategySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates the strategy annotations other than {@code @Cached} on one method ({@code @Failover},
 * {@code @Soft}, {@code @Early}, {@code @Hit}, {@code @Locked}, the rate limits, {@code
 * @CircuitBreaker}, {@code @Bloom}, {@code @Bloom.Add}, {@code @Invalidate}) into their step
 * models, reporting each misuse on the annotation value at fault.
 */
final class StrategyValidator extends MethodValidator {

  StrategyValidator(Elements elements, Types types) {
    super(elements, types);
  }

  /**
   * {@code @Invalidate}: each pattern resolved as a key template of the method's parameters, after
   * the interface's prefix.
   */
  Optional<InvalidateSpec> invalidate(
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

  /** The member key template of a {@code @Bloom} method, and whether it is the default (exact) one. */
  private record BloomKey(String template, boolean exact) {}

  private BloomKey bloomKey(TypeElement iface, ExecutableElement m, AnnotationMirror mm, List<ExecutableElement> all) {
    String template = annotations.string(mm, "key");
    return template.isEmpty() ? new BloomKey(defaultKey(iface, m, all), true) : new BloomKey(template, false);
  }

  /**
   * {@code @Bloom}: a boolean method (or a stage of one), a positive capacity, a rate in (0, 100);
   * an empty prefix is {@code bloom}, or {@code dual_bloom} with {@code dual = true}.
   */
  Optional<BloomSpec> bloom(
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
    boolean dual = annotations.bool(mm, "dual");
    String prefix = annotations.string(mm, "prefix");
    if (prefix.isEmpty()) { // cashews' prefixes by mode
      prefix = dual ? "dual_bloom" : "bloom";
    }
    String filterKey = prefix + ":" + iface.getSimpleName() + "." + name;
    return Optional.of(new BloomSpec(shown(mm), iface.getSimpleName() + "." + name, async, key.get(), filterKey, capacity, rate, dual));
  }

  /** {@code @Bloom.Add("target")}: the target's member key, rendered from this method's parameters. */
  Optional<BloomAddSpec> bloomAdd(
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
      if (Annotations.find(other, InterfaceValidator.BLOOM) != null) {
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
    BloomKey member = bloomKey(iface, target, Annotations.find(target, InterfaceValidator.BLOOM), all);
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

  /**
   * A strategy step other than {@code @Cached}: its TTL (or the interface's), its key (with the
   * annotation's prefix) and the attributes of its kind, as builder calls of its runtime class.
   */
  Optional<StrategySpec> strategy(
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
   * {@code @CacheTransaction(mode, timeout)}: a step that runs the rest of the method in a cache
   * transaction. It has no key of its own; the generated key is the method's name, for messages.
   */
  Optional<StrategySpec> transaction(
      TypeElement iface,
      ExecutableElement m,
      ExecutableType t,
      AnnotationMirror mm,
      Map<String, TypeMirror> params,
      FormatterRegistry formatters,
      Report report) {
    String name = m.getSimpleName().toString();
    if (!returnSupported(m, t, mm, report)) {
      return Optional.empty();
    }
    TypeMirror returned = t.getReturnType();
    boolean isVoid = returned.getKind() == TypeKind.VOID;
    TypeMirror value = valueOf(returned);
    List<StrategySpec.Option> options = new ArrayList<>();
    AnnotationValue modeValue = annotations.value(mm, "mode");
    String mode = modeValue.getValue() instanceof javax.lang.model.element.VariableElement v ? v.getSimpleName().toString() : "LOCKED";
    options.add(new StrategySpec.Option("mode", new StrategySpec.EnumConstant(ClassName.get("dev.kaju", "TransactionMode"), mode)));
    String timeout = annotations.string(mm, "timeout");
    String problem = Ttls.check(timeout);
    if (problem != null) {
      report.error(Messages.BAD_TTL.format("@CacheTransaction timeout of " + name + "()", problem), m, mm, Annotations.explicit(mm, "timeout"));
      return Optional.empty();
    }
    options.add(new StrategySpec.Option("timeout", Ttls.parse(timeout)));
    Optional<KeyTemplate> key = keys.resolve(
        iface.getQualifiedName() + "." + name, true, "", params, formatters, new KeyResolver.Site(name, m, mm, null), report);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StrategySpec(
        "CacheTransaction",
        shown(mm),
        iface.getSimpleName() + "." + name,
        isVoid ? ClassName.get(Void.class) : TypeName.get(value).box(),
        isAsync(returned),
        key.get(),
        !isVoid && mentionsTypeVariableOf(value, m),
        options,
        Optional.empty(),
        List.of()));
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
}
