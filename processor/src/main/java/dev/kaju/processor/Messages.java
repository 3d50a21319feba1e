package dev.kaju.processor;

import java.util.Collection;
import java.util.Locale;

/**
 * Every diagnostic the processor reports, with its stable text (MapStruct's habit). Tests assert
 * these texts; change one here and the tests show it.
 */
public enum Messages {
  NOT_AN_INTERFACE(
      "@%s applies to interfaces, and %s is a %s; put it on an interface and use the generated %sCached"),
  METHOD_NOT_IN_INTERFACE(
      "@%s applies to methods of interfaces, and %s is declared in the %s %s; put it on the interface's method"),
  STATIC_METHOD("@%s on the static method %s() caches nothing: only instance methods are called through %s"),
  VOID_METHOD("@%s on %s(), which returns void, has nothing to cache; return the value, or remove @%s"),
  UNSUPPORTED_RETURN(
      "@%s on %s() returning %s is not supported: @Cached alone caches the elements of a Stream<X>, Iterator<X>, Iterable<X> or Flow.Publisher<X>; return one of those, or a List"),
  ITERATOR_ATTRIBUTE(
      "%s on %s(), which returns %s, is not supported: an iterator method takes ttl, key and prefix; remove it"),
  ITERATOR_GENERIC(
      "@Cached on %s(), which returns %s, is not supported: the elements' type uses the method's own type variable; make it a type of the interface"),
  TYPE_LEVEL_ONLY_DEFAULTS(
      "%s = ... on the interface's @Cached has no effect: the interface only gives defaults for ttl, prefix and formatters; move it to the methods"),
  BAD_TTL("%s: %s"),
  NO_CODEC(
      "%s() stores a %s, which Kaju cannot write a codec for (it is not a record, an enum or a sealed interface of those, or generated code cannot reach it): on redis:// and disk:// storing it fails unless you make it a record, register a codec with Codecs.register(%s.class, encoder, decoder), or set serializer=java with java_allow; mem:// stores it as is"),
  NO_TTL("@Cached on %s() needs a ttl: set ttl = \"1h\" here or on the interface's @Cached, or ttlMethod = \"...\""),
  STRATEGY_NO_TTL(
      "@%s on %s() needs a ttl: %s; set ttl = \"1d\" here or on the interface's @Cached"),
  EXCEPTION_NEVER_THROWN(
      "@%s on %s() lists the checked exception %s, which the method cannot throw, so its fallback is never served; list what it throws (%s), a RuntimeException, or leave exceptions empty for the cache's defaults"),
  SHORTER_TTL("@%s on %s(): %s = \"%s\" must be shorter than ttl = \"%s\", or the entry expires first; shorten it or leave it empty for a third of ttl"),
  HIT_CACHE_HITS("@Hit on %s(): cacheHits = %d serves no hit; give at least 1"),
  HIT_UPDATE_AFTER(
      "@Hit on %s(): updateAfter = %d must be between 0 (no background update) and cacheHits - 1 (cacheHits = %d)"),
  BREAKER_RATE("@CircuitBreaker on %s(): errorsRate = %d must be a percentage above 0 and below 100"),
  TOO_SMALL("@%s on %s(): %s = %d is too small; give at least %d"),
  INVALIDATE_EMPTY("@Invalidate on %s() needs key patterns, e.g. @Invalidate({\"user:{id}\", \"users:page:*\"})"),
  BLOOM_RETURN("@Bloom on %s(), which returns %s, needs a boolean answer: return boolean, Boolean or a CompletionStage<Boolean>"),
  BLOOM_RATE("@Bloom on %s(): falsePositives = %s is a percentage above 0 and below 100, such as 1 or 0.1"),
  BLOOM_ALONE("@Bloom on %s() answers by itself and cannot be stacked with other strategies; keep it alone"),
  BLOOM_ADD_TARGET("@Bloom.Add on %s() names \"%s\", which is no @Bloom method of this interface; @Bloom methods: %s%s"),
  BLOOM_ADD_KEY(
      "@Bloom.Add on %s() cannot render the member key of %s(), \"%s\", from its own parameters; give it parameters with the same names and types"),
  RATE_LIMIT_FALLBACK("@%s on %s(): fallback \"%s\" must be a method of the interface such as %s%s"),
  TWO_STORING_STEPS(
      "%s() has both @%s and @%s, which each store its result under their own key and rules; keep one (@Failover may wrap any of them)"),
  TTL_AND_TTL_METHOD("@Cached on %s() gives both ttl and ttlMethod; give one of them"),
  HELPER_METHOD_MISSING(
      "%s \"%s\" of %s() not found: expected a static or default method %s in %s%s"),
  HELPER_METHOD_WRONG(
      "%s \"%s\" of %s() has the wrong signature %s: expected a static or default method %s"),
  EXCEPTIONS_BOTH("cacheExceptions and onlyExceptions of %s() are exclusive: give one of them"),
  EXCEPTION_NO_CONSTRUCTOR(
      "%s cannot be rebuilt from a cached entry: give it a public constructor taking (String message) or no arguments"),
  EXCEPTION_NOT_THROWN(
      "%s() does not declare the checked exception %s listed in %s; add it to the throws clause or remove it"),
  NOT_NULL_PRIMITIVE("condition = NOT_NULL on %s(), which returns the primitive %s, never skips anything; remove it"),
  NOT_NULL_ONLY_EXCEPTIONS("condition = NOT_NULL with onlyExceptions on %s() means nothing: no normal result is stored"),
  CONDITION_ONLY_EXCEPTIONS(
      "conditionMethod with onlyExceptions on %s() means nothing: no normal result is stored"),
  EMPTY_TAG("an empty tag on %s() names nothing; remove it or write a tag template such as \"items\" or \"page:{page}\""),
  KEY_SYNTAX("%s in key template \"%s\""),
  KEY_UNKNOWN_PARAMETER("unknown parameter '%s' in key template \"%s\"; parameters are: %s%s"),
  KEY_UNKNOWN_PROPERTY("unknown property '%s' of %s in key template \"%s\"; properties are: %s%s"),
  KEY_PROPERTY_OF_PRIMITIVE("'%s' is a %s and has no property '%s' (key template \"%s\")"),
  KEY_UNKNOWN_FORMATTER("unknown formatter '%s' in key template \"%s\"; formatters are: %s%s"),
  KEY_FORMATTER_ARGUMENTS("formatter '%s' takes %s, got %d, in key template \"%s\""),
  KEY_HASH_ALGORITHM("unknown hash algorithm '%s' in key template \"%s\"; algorithms are: md5, sha1, sha256"),
  KEY_FORMATTER_TYPE("formatter '%s' takes %s, but {%s} is %s (key template \"%s\")"),
  KEY_CONTEXT_FORM("'{%s}' in key template \"%s\": the key context is read as {@:get(name)}"),
  KEY_UNSTABLE_PART(
      "key part {%s} of %s() has type %s, which has no toString() of its own: its rendering (%s@1b6d3586) changes every run, so the cache never hits; use a property ({%s.id}), override toString(), or add a @KeyFormatter for %s"),
  KEY_AMBIGUOUS_DEFAULT(
      "parameter '%s' of %s() is declared as %s: in the default key, arguments of different classes that print alike (1 and \"1\", an enum constant and its name) share a key and each other's results; declare the precise type, or write a key template"),
  FORMATTER_SIGNATURE(
      "@KeyFormatter method %s must be static, return String and take the value then String arguments, e.g. static String %s(Object value, String arg)"),
  FORMATTER_DUPLICATE("two @KeyFormatter methods are named '%s': %s and %s; rename one"),
  INDEX_NOT_WRITTEN("Kaju could not write %s, the index frameworks read to wrap beans in their *Cached classes: %s"),
  INTERNAL_ERROR("Kaju's processor failed on %s; please report it with this trace:%n%s");

  private final String text;

  Messages(String text) {
    this.text = text;
  }

  /** The message with its arguments filled in. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, text, args);
  }

  /**
   * {@code "; did you mean 'x'?"} when a candidate is at most two edits from {@code name} (and no
   * more edits than {@code name} has characters), else {@code ""}: the rule the runtime's setup
   * messages follow, kept here so the processor needs only the runtime's public API.
   */
  public static String didYouMean(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = edits(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance && d <= name.length()) {
        bestDistance = d;
        best = c;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** Levenshtein distance, one row at a time. */
  private static int edits(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j - 1] + 1, above + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
