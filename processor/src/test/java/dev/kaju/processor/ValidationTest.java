package dev.kaju.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every misuse the compiler can see is an error on the element (and value) at fault. */
class ValidationTest {

  private static JavaFileObject iface(String... body) {
    String[] lines = new String[body.length + 12];
    int i = 0;
    lines[i++] = "package test;";
    lines[i++] = "import dev.kaju.annotation.*;";
    lines[i++] = "import java.io.IOException;";
    lines[i++] = "import java.time.Duration;";
    lines[i++] = "import java.util.List;";
    lines[i++] = "import java.util.stream.Stream;";
    lines[i++] = "interface Svc {";
    lines[i++] = "  record User(String name, Profile profile) {}";
    lines[i++] = "  record Profile(String email, int age) {}";
    lines[i++] = "  class Opaque { }";
    for (String line : body) {
      lines[i++] = "  " + line;
    }
    lines[i++] = "}";
    lines[i] = "";
    return Sources.source("test.Svc", lines);
  }

  private static void fails(JavaFileObject source, String message, String line) {
    Compilation c = Sources.compile(source);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  @DisplayName("@Cached on a class names the class and says to use an interface")
  void onClass() {
    JavaFileObject src = Sources.source("test.Impl",
        "package test;",
        "@dev.kaju.annotation.Cached(ttl = \"1h\")",
        "class Impl {",
        "}");
    fails(src, "@Cached applies to interfaces, and Impl is a class; put it on an interface and use the generated ImplCached", "@dev.kaju.annotation.Cached");
  }

  @Test
  @DisplayName("@Cached on a method of a class")
  void onClassMethod() {
    JavaFileObject src = Sources.source("test.Impl",
        "package test;",
        "class Impl {",
        "  @dev.kaju.annotation.Cached(ttl = \"1h\") String get() { return null; }",
        "}");
    fails(src, "@Cached applies to methods of interfaces, and get() is declared in the class Impl", "String get()");
  }

  @Test
  @DisplayName("@Cached on void is an error")
  void onVoid() {
    fails(iface("@Cached(ttl = \"1h\") void save(String a);"),
        "@Cached on save(), which returns void, has nothing to cache", "void save");
  }

  @Test
  @DisplayName("@Cached on a static method is an error")
  void onStatic() {
    fails(iface("@Cached(ttl = \"1h\") static String make() { return \"\"; }"),
        "@Cached on the static method make() caches nothing", "static String make");
  }

  @Test
  @DisplayName("iterator return types are refused until the iterator strategy exists")
  void onStream() {
    fails(iface("@Cached(ttl = \"1h\") java.util.stream.IntStream all();"),
        "@Cached on all() returning java.util.stream.IntStream is not supported: @Cached alone caches the elements of a Stream<X>, Iterator<X>, Iterable<X> or Flow.Publisher<X>",
        "IntStream all");
    fails(iface("@Cached(ttl = \"1h\", lock = true) Stream<String> all();"),
        "lock on all(), which returns java.util.stream.Stream<java.lang.String>, is not supported: an iterator method takes ttl, key and prefix; remove it",
        "Stream<String> all");
    fails(iface("@Failover(ttl = \"1h\") Stream<String> all();"),
        "@Failover on all() returning java.util.stream.Stream<java.lang.String> is not supported", "Stream<String> all");
    assertThat(Sources.compile(iface(
        "@Cached(ttl = \"1h\") Stream<String> a(String q);",
        "@Cached(ttl = \"1h\") java.util.Iterator<String> b(String q);",
        "@Cached(ttl = \"1h\") Iterable<User> c(String q);",
        "@Cached(ttl = \"1h\") java.util.concurrent.Flow.Publisher<String> d(String q);"))).succeeded();
  }

  @Test
  @DisplayName("a malformed TTL is an error at the attribute, with the parser's message")
  void badTtl() {
    fails(iface("@Cached(ttl = \"10x\") String get(String a);"),
        "@Cached ttl of get(): ttl '10x' has wrong string representation ('x' is not a unit (d, h, m, s or ms))", "String get");
  }

  @Test
  @DisplayName("a malformed TTL on the interface")
  void badTypeTtl() {
    JavaFileObject src = Sources.source("test.Svc",
        "package test;",
        "@dev.kaju.annotation.Cached(ttl = \"0\")",
        "interface Svc {",
        "  @dev.kaju.annotation.Cached String get(String a);",
        "}");
    fails(src, "@Cached ttl of Svc: ttl '0' must be positive", "ttl = \"0\"");
  }

  @Test
  @DisplayName("a method without a TTL anywhere")
  void noTtl() {
    fails(iface("@Cached String get(String a);"),
        "@Cached on get() needs a ttl: set ttl = \"1h\" here or on the interface's @Cached, or ttlMethod = \"...\"", "String get");
  }

  @Test
  @DisplayName("ttl and ttlMethod together")
  void ttlAndMethod() {
    fails(iface("@Cached(ttl = \"1h\", ttlMethod = \"t\") String get(String a);", "static Duration t() { return null; }"),
        "@Cached on get() gives both ttl and ttlMethod; give one of them", "String get");
  }

  @Test
  @DisplayName("a missing ttlMethod says what it expected, with a near name")
  void ttlMethodMissing() {
    fails(iface("@Cached(ttlMethod = \"ttlFro\") String get(String a);", "static Duration ttlFor(String a) { return null; }"),
        "ttlMethod \"ttlFro\" of get() not found: expected a static or default method ttlFro(java.lang.String) or ttlFro() returning Duration or String in Svc; did you mean 'ttlFor'?",
        "String get");
  }

  @Test
  @DisplayName("a ttlMethod with the wrong signature shows the one found")
  void ttlMethodWrong() {
    fails(iface("@Cached(ttlMethod = \"t\") String get(String a);", "static int t(String a) { return 1; }"),
        "ttlMethod \"t\" of get() has the wrong signature static int t(java.lang.String)", "String get");
  }

  @Test
  @DisplayName("a conditionMethod with the wrong signature")
  void conditionWrong() {
    fails(iface("@Cached(ttl = \"1h\", conditionMethod = \"keep\") String get(String a);", "static boolean keep(int x) { return true; }"),
        "conditionMethod \"keep\" of get() has the wrong signature static boolean keep(int): expected a static or default method boolean keep(java.lang.String result, java.lang.String) or boolean keep(java.lang.String result)",
        "String get");
  }

  @Test
  @DisplayName("an unknown parameter lists the parameters and a near name")
  void unknownParameter() {
    fails(iface("@Cached(ttl = \"1h\", key = \"user:{nmae}\") String get(long id, String name);"),
        "unknown parameter 'nmae' in key template \"user:{nmae}\"; parameters are: id, name; did you mean 'name'?", "String get");
  }

  @Test
  @DisplayName("an unknown property lists the type's properties")
  void unknownProperty() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{user.profile.emial}\") String get(User user);"),
        "unknown property 'emial' of Profile in key template \"u:{user.profile.emial}\"; properties are: age, email; did you mean 'email'?",
        "String get");
  }

  @Test
  @DisplayName("a property of a primitive")
  void propertyOfPrimitive() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{id.value}\") String get(int id);"),
        "'id' is a int and has no property 'value'", "String get");
  }

  @Test
  @DisplayName("an unknown formatter lists the formatters")
  void unknownFormatter() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{name:lowr}\") String get(String name);"),
        "unknown formatter 'lowr' in key template \"u:{name:lowr}\"; formatters are: hash, jwt, len, lower, upper; did you mean 'lower'?",
        "String get");
  }

  @Test
  @DisplayName("an unknown hash algorithm")
  void badHash() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{name:hash(sha512)}\") String get(String name);"),
        "unknown hash algorithm 'sha512' in key template \"u:{name:hash(sha512)}\"; algorithms are: md5, sha1, sha256", "String get");
  }

  @Test
  @DisplayName("jwt needs its claim")
  void jwtWithoutClaim() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{t:jwt}\") String get(String t);"),
        "formatter 'jwt' takes 1 argument (the claim), got 0", "String get");
  }

  @Test
  @DisplayName("a placeholder inside formatter arguments is checked like any other")
  void placeholderArgument() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{name:hash({algo})}\") String get(String name);"),
        "unknown parameter 'algo' in key template \"u:{name:hash({algo})}\"; parameters are: name", "String get");
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{name:jwt(x{name})}\") String get(String name);"),
        "formatter argument 'x{name}' in {name:jwt(x{name})} mixes text and a placeholder", "String get");
  }

  @Test
  @DisplayName("template syntax errors")
  void syntax() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{name\") String get(String name);"),
        "unclosed '{' at index 2 in key template \"u:{name\"", "String get");
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{}\") String get(String name);"),
        "empty placeholder '{}' in key template \"u:{}\"", "String get");
  }

  @Test
  @DisplayName("the key context is read only as {@:get(name)}")
  void contextForm() {
    fails(iface("@Cached(ttl = \"1h\", key = \"u:{@:client}\") String get(String name);"),
        "'{@:client}' in key template \"u:{@:client}\": the key context is read as {@:get(name)}", "String get");
  }

  @Test
  @DisplayName("cacheExceptions and onlyExceptions together")
  void bothExceptionLists() {
    fails(iface("@Cached(ttl = \"1h\", cacheExceptions = IllegalStateException.class, onlyExceptions = IllegalArgumentException.class) String get(String a);"),
        "cacheExceptions and onlyExceptions of get() are exclusive", "String get");
  }

  @Test
  @DisplayName("an exception that cannot be rebuilt")
  void exceptionWithoutConstructor() {
    fails(iface("class Odd extends RuntimeException { Odd(int code) {} }", "@Cached(ttl = \"1h\", cacheExceptions = Odd.class) String get(String a);"),
        "test.Svc.Odd cannot be rebuilt from a cached entry: give it a public constructor taking (String message) or no arguments", "String get");
  }

  @Test
  @DisplayName("a checked exception the method does not declare")
  void undeclaredChecked() {
    fails(iface("@Cached(ttl = \"1h\", cacheExceptions = IOException.class) String get(String a);"),
        "get() does not declare the checked exception IOException listed in cacheExceptions", "String get");
  }

  @Test
  @DisplayName("NOT_NULL on a primitive is meaningless")
  void notNullPrimitive() {
    fails(iface("@Cached(ttl = \"1h\", condition = Condition.NOT_NULL) int count(String a);"),
        "condition = NOT_NULL on count(), which returns the primitive int, never skips anything", "int count");
  }

  @Test
  @DisplayName("tags are templates: an unknown parameter or an empty tag is an error")
  void tags() {
    fails(iface("@Cached(ttl = \"1h\", tags = {\"all\", \"a:{b}\"}) String get(String a);"),
        "unknown parameter 'b' in key template \"a:{b}\"; parameters are: a", "String get");
    fails(iface("@Cached(ttl = \"1h\", tags = \"\") String get(String a);"),
        "an empty tag on get() names nothing", "String get");
  }

  @Test
  @DisplayName("tag-13: @Soft, @Early and @Hit tags are templates too: an unknown parameter or an empty tag is an error")
  void strategyTags() {
    fails(iface("@Soft(ttl = \"1h\", tags = {\"all\", \"tag:{b}\"}) String get(String a);"),
        "unknown parameter 'b' in key template \"tag:{b}\"; parameters are: a", "String get");
    fails(iface("@Early(ttl = \"1h\", tags = \"tag:{a.missing}\") String get(String a);"),
        "missing", "String get");
    fails(iface("@Hit(ttl = \"1h\", cacheHits = 3, tags = \"\") String get(String a);"),
        "an empty tag on get() names nothing", "String get");
  }

  @Test
  @DisplayName("per-method attributes on the interface's @Cached")
  void typeLevelKey() {
    JavaFileObject src = Sources.source("test.Svc",
        "package test;",
        "@dev.kaju.annotation.Cached(ttl = \"1h\", key = \"x\")",
        "interface Svc {",
        "  @dev.kaju.annotation.Cached String get(String a);",
        "}");
    fails(src, "key = ... on the interface's @Cached has no effect", "key = \"x\"");
  }

  @Test
  @DisplayName("a @KeyFormatter with a wrong signature")
  void formatterSignature() {
    fails(iface("@KeyFormatter(\"bad\") static int bad(String s) { return 1; }", "@Cached(ttl = \"1h\") String get(String a);"),
        "@KeyFormatter method Svc.bad() must be static, return String and take the value then String arguments", "static int bad");
  }

  @Test
  @DisplayName("a custom formatter applied to a value of the wrong type")
  void formatterType() {
    fails(iface("@KeyFormatter(\"initials\") static String initials(List<String> s) { return \"\"; }",
            "@Cached(ttl = \"1h\", key = \"{user.profile.age:initials}\") String get(User user);"),
        "formatter 'initials' takes List, but {user.profile.age} is int", "String get");
  }

  @Test
  @DisplayName("a bad timeCondition")
  void badTimeCondition() {
    fails(iface("@Cached(ttl = \"1h\", timeCondition = \"fast\") String get(String a);"),
        "@Cached timeCondition of get(): ttl 'fast' has wrong string representation", "String get");
  }

  @Test
  @DisplayName("every error of an interface is reported, not just the first")
  void collectsAll() {
    Compilation c = Sources.compile(iface(
        "@Cached(ttl = \"10x\") String a(String x);",
        "@Cached(ttl = \"1h\", key = \"{nope}\") String b(String x);",
        "@Cached(ttl = \"1h\") void c();"));
    assertThat(c).hadErrorCount(3);
  }

  @Test
  @DisplayName("a default-key parameter declared as Object or a type variable is a warning: 1 and \"1\" would share a key")
  void ambiguousDefaultKeyPart() {
    JavaFileObject src = iface(
        "@Cached(ttl = \"1h\") String byObject(Object o);",
        "@Cached(ttl = \"1h\") <T> String byVariable(T t);",
        "@Cached(ttl = \"1h\") String precise(String s, long n);",
        "@Cached(ttl = \"1h\", key = \"o:{o}\") String templated(Object o);");
    Compilation c = Sources.compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("parameter 'o' of byObject() is declared as java.lang.Object: in the default key, arguments of"
            + " different classes that print alike")
        .inFile(src)
        .onLineContaining("String byObject");
    assertThat(c).hadWarningContaining("parameter 't' of byVariable() is declared as T");
    assertThat(c).hadWarningContaining("declare the precise type, or write a key template");
    assertThat(c).hadWarningCount(2); // not for precise types, nor for a template, which is the user's own
  }

  @Test
  @DisplayName("a key part without a stable rendering is a warning that says how to fix it")
  void unstableKeyPart() {
    JavaFileObject src = iface("@Cached(ttl = \"1h\", key = \"o:{o}\") String get(Opaque o);");
    Compilation c = Sources.compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("key part {o} of get() has type Opaque, which has no toString() of its own")
        .inFile(src)
        .onLineContaining("String get");
    assertThat(c).hadWarningContaining("use a property ({o.id}), override toString(), or add a @KeyFormatter for Opaque");
  }

  @Test
  @DisplayName("a nested interface gets Outer_InnerCached")
  void nestedInterface() {
    JavaFileObject src = Sources.source("test.Outer",
        "package test;",
        "class Outer {",
        "  interface Inner {",
        "    @dev.kaju.annotation.Cached(ttl = \"1h\") String get(String a);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("test.Outer_InnerCached");
  }

  @Test
  @DisplayName("overloads sharing parameter names get distinct default keys")
  void overloads() {
    Compilation c = Sources.compile(iface(
        "@Cached(ttl = \"1h\") String find(String id);",
        "@Cached(ttl = \"1h\") String find(int id);"));
    assertThat(c).succeededWithoutWarnings();
    String generated = Sources.generated(c, "test.SvcCached");
    org.assertj.core.api.Assertions.assertThat(generated)
        .contains("\"test.Svc.find(java.lang.String):id:\"")
        .contains("\"test.Svc.find(int):id:\"");
  }

  // ---- @Failover ----

  @Test
  @DisplayName("@Failover without a TTL here or on the interface")
  void failoverNoTtl() {
    fails(iface("@Failover String get(String a);"),
        "@Failover on get() needs a ttl: how long the last good result is kept; set ttl = \"1d\" here or on the interface's @Cached",
        "String get");
  }

  @Test
  @DisplayName("@Failover with a malformed TTL, at the attribute")
  void failoverBadTtl() {
    fails(iface("@Failover(ttl = \"1y\") String get(String a);"),
        "@Failover ttl of get(): ttl '1y' has wrong string representation", "String get");
  }

  @Test
  @DisplayName("@Failover listing a checked exception the method cannot throw")
  void failoverNotThrown() {
    fails(iface("@Failover(ttl = \"1d\", exceptions = IOException.class) String get(String a);"),
        "@Failover on get() lists the checked exception IOException, which the method cannot throw, so its fallback is never served; list what it throws (it declares none)",
        "String get");
  }

  @Test
  @DisplayName("@Failover on a void method")
  void failoverVoid() {
    fails(iface("@Failover(ttl = \"1d\") void run(String a);"),
        "@Failover on run(), which returns void, has nothing to cache; return the value, or remove @Failover", "void run");
  }

  @Test
  @DisplayName("@Failover on a method of a class")
  void failoverOnClassMethod() {
    JavaFileObject src = Sources.source("test.Impl",
        "package test;",
        "class Impl {",
        "  @dev.kaju.annotation.Failover(ttl = \"1d\") String get() { return null; }",
        "}");
    fails(src, "@Failover applies to methods of interfaces, and get() is declared in the class Impl", "String get()");
  }

  @Test
  @DisplayName("@Failover with an unknown key parameter, as @Cached reports it")
  void failoverBadKey() {
    fails(iface("@Failover(ttl = \"1d\", key = \"w:{cty}\") String get(String city);"),
        "unknown parameter 'cty' in key template \"w:{cty}\"; parameters are: city", "String get");
  }

  @Test
  @DisplayName("@Failover listing Exception, an unchecked type, or a declared one compiles; async methods may list any")
  void failoverValidExceptions() {
    Compilation c = Sources.compile(iface(
        "@Failover(ttl = \"1d\", exceptions = Exception.class) String a(String a);",
        "@Failover(ttl = \"1d\", exceptions = IllegalStateException.class) String b(String a);",
        "@Failover(ttl = \"1d\", exceptions = IOException.class) String c(String a) throws IOException;",
        "@Failover(ttl = \"1d\", exceptions = IOException.class) java.util.concurrent.CompletableFuture<String> d(String a);",
        "@Failover(ttl = \"1d\") @Cached(ttl = \"1h\") String e(String a);",
        "@Cached(ttl = \"1h\") @Failover(ttl = \"1d\") java.util.concurrent.CompletionStage<String> f(String a);",
        "@Cached(ttl = \"1h\") String key(String key, int hit);"));
    assertThat(c).succeeded();
  }

  // ---- @Soft, @Early, @Hit and stacking ----

  @Test
  @DisplayName("softTtl and earlyTtl must be shorter than ttl, at the attribute")
  void shorterTtl() {
    fails(iface("@Soft(ttl = \"1h\", softTtl = \"2h\") String get(String a);"),
        "@Soft on get(): softTtl = \"2h\" must be shorter than ttl = \"1h\", or the entry expires first", "String get");
    fails(iface("@Early(ttl = \"10m\", earlyTtl = \"10m\") String get(String a);"),
        "@Early on get(): earlyTtl = \"10m\" must be shorter than ttl = \"10m\"", "String get");
    fails(iface("@Early(ttl = \"10m\", earlyTtl = \"7x\") String get(String a);"),
        "@Early earlyTtl of get(): ttl '7x' has wrong string representation", "String get");
  }

  @Test
  @DisplayName("@Hit needs cacheHits >= 1 and updateAfter below it")
  void hitCounts() {
    fails(iface("@Hit(ttl = \"1h\", cacheHits = 0) String get(String a);"),
        "@Hit on get(): cacheHits = 0 serves no hit; give at least 1", "String get");
    fails(iface("@Hit(ttl = \"1h\", cacheHits = 5, updateAfter = 5) String get(String a);"),
        "@Hit on get(): updateAfter = 5 must be between 0 (no background update) and cacheHits - 1 (cacheHits = 5)", "String get");
  }

  @Test
  @DisplayName("@Soft without a TTL anywhere, and with an exception the method cannot throw")
  void softErrors() {
    fails(iface("@Soft String get(String a);"),
        "@Soft on get() needs a ttl: how long an old result may be served when recomputing fails", "String get");
    fails(iface("@Soft(ttl = \"1h\", exceptions = IOException.class) String get(String a);"),
        "@Soft on get() lists the checked exception IOException, which the method cannot throw", "String get");
  }

  @Test
  @DisplayName("two steps that store the result on one method: an error on the second")
  void twoStoringSteps() {
    fails(iface("@Cached(ttl = \"1h\") @Early(ttl = \"1h\") String get(String a);"),
        "get() has both @Cached and @Early, which each store its result under their own key and rules; keep one (@Failover may wrap any of them)",
        "String get");
  }

  // ---- @Locked, @RateLimit, @SliceRateLimit, @CircuitBreaker ----

  @Test
  @DisplayName("@Locked without a TTL, and with a malformed step")
  void lockedErrors() {
    fails(iface("@Locked String get(String a);"),
        "@Locked on get() needs a ttl: how long the lock is held at most, so a crashed holder's lock expires", "String get");
    fails(iface("@Locked(ttl = \"10s\", step = \"soon\") String get(String a);"),
        "@Locked step of get(): ttl 'soon' has wrong string representation", "String get");
  }

  @Test
  @DisplayName("rate limits need a limit of at least 1 and a valid period")
  void rateLimitErrors() {
    fails(iface("@RateLimit(limit = 0, period = \"1m\") String get(String a);"),
        "@RateLimit on get(): limit = 0 is too small; give at least 1", "String get");
    fails(iface("@SliceRateLimit(limit = 5, period = \"1q\") String get(String a);"),
        "@SliceRateLimit period of get(): ttl '1q' has wrong string representation", "String get");
    fails(iface("@RateLimit(limit = 5, period = \"1m\", ttl = \"-1\") String get(String a);"),
        "@RateLimit ttl of get(): ttl '-1'", "String get");
  }

  @Test
  @DisplayName("cb-06: errorsRate must be a percentage strictly between 0 and 100")
  void breakerRate() {
    fails(iface("@CircuitBreaker(errorsRate = 100, period = \"1m\", ttl = \"30s\") String get(String a);"),
        "@CircuitBreaker on get(): errorsRate = 100 must be a percentage above 0 and below 100", "String get");
    fails(iface("@CircuitBreaker(errorsRate = 5, period = \"1m\", ttl = \"30s\", minCalls = -1) String get(String a);"),
        "@CircuitBreaker on get(): minCalls = -1 is too small; give at least 0", "String get");
  }

  // ---- @Invalidate ----

  @Test
  @DisplayName("@Invalidate with an unknown parameter in a pattern, or no pattern")
  void invalidateErrors() {
    fails(iface("@Invalidate(\"user:{idd}\") void save(String id);"),
        "unknown parameter 'idd' in key template \"user:{idd}\"; parameters are: id", "void save");
    fails(iface("@Invalidate({}) void save(String id);"),
        "@Invalidate on save() needs key patterns", "void save");
  }

  @Test
  @DisplayName("@Invalidate on void, plain and async methods compiles; a storing step on a void method does not")
  void invalidateShapes() {
    Compilation c = Sources.compile(iface(
        "@Invalidate(\"user:{id}\") void a(String id);",
        "@Invalidate({\"user:{id}\", \"users:*\"}) String b(String id);",
        "@Invalidate(\"user:{id}\") java.util.concurrent.CompletionStage<String> c(String id);",
        "@Failover(ttl = \"1d\") @Invalidate(\"user:{id}\") String d(String id);"));
    assertThat(c).succeeded();
    fails(iface("@Failover(ttl = \"1d\") @Invalidate(\"user:{id}\") void e(String id);"),
        "@Failover on e(), which returns void, has nothing to cache; return the value, or remove @Failover", "void e");
  }

  // ---- @Bloom ----

  @Test
  @DisplayName("@Bloom needs a boolean method, a capacity and a rate in (0, 100), and stands alone")
  void bloomErrors() {
    fails(iface("@Bloom(capacity = 100) String get(String a);"),
        "@Bloom on get(), which returns java.lang.String, needs a boolean answer", "String get");
    fails(iface("@Bloom(capacity = 100, falsePositives = 100) boolean get(String a);"),
        "@Bloom on get(): falsePositives = 100.0 is a percentage above 0 and below 100", "boolean get");
    fails(iface("@Bloom(capacity = 0) boolean get(String a);"),
        "@Bloom on get(): capacity = 0 is too small; give at least 1", "boolean get");
    fails(iface("@Failover(ttl = \"1h\") @Bloom(capacity = 10) boolean get(String a);"),
        "@Bloom on get() answers by itself and cannot be stacked with other strategies", "boolean get");
  }

  @Test
  @DisplayName("@Bloom.Add must name a @Bloom method and carry the parameters its key uses")
  void bloomAddErrors() {
    fails(iface("@Bloom(capacity = 10) boolean exists(String email);", "@Bloom.Add(\"exist\") void add(String email);"),
        "@Bloom.Add on add() names \"exist\", which is no @Bloom method of this interface; @Bloom methods: exists; did you mean 'exists'?",
        "void add");
    fails(iface("@Bloom(capacity = 10) boolean exists(String email);", "@Bloom.Add(\"exists\") void add(String mail);"),
        "@Bloom.Add on add() cannot render the member key of exists()", "void add");
  }

  @Test
  @DisplayName("@Bloom(dual = true) compiles to BloomSite.dual; an empty prefix is bloom or dual_bloom by mode; @Bloom.Add may name a dual filter")
  void bloomDual() {
    Compilation c = Sources.compile(iface(
        "@Bloom(capacity = 100) boolean exists(String email);",
        "@Bloom(capacity = 100, dual = true) boolean taken(String name);",
        "@Bloom(capacity = 10, dual = true, prefix = \"names\") java.util.concurrent.CompletionStage<Boolean> later(String name);",
        "@Bloom.Add(\"taken\") void reserve(String name);"));
    assertThat(c).succeededWithoutWarnings();
    String generated = Sources.generated(c, "test.SvcCached");
    org.assertj.core.api.Assertions.assertThat(generated)
        .contains("BloomSite.of(cache, \"Svc.exists\", \"bloom:Svc.exists\", 100, 1.0)")
        .contains("BloomSite.dual(cache, \"Svc.taken\", \"dual_bloom:Svc.taken\", 100, 1.0)")
        .contains("BloomSite.dual(cache, \"Svc.later\", \"names:Svc.later\", 10, 1.0)")
        .contains("taken.add(");
  }

  @Test
  @DisplayName("a rate limit's fallback must exist with the method's parameters (or none) and a compatible result")
  void rateLimitFallback() {
    fails(iface("@RateLimit(limit = 1, period = \"1m\", fallback = \"tooMny\") String get(String a);",
            "static String tooMany(String a) { return a; }"),
        "@RateLimit on get(): fallback \"tooMny\" must be a method of the interface such as java.lang.String tooMny(java.lang.String) or java.lang.String tooMny(); did you mean 'tooMany'?",
        "String get");
    fails(iface("@RateLimit(limit = 1, period = \"1m\", fallback = \"tooMany\") String get(String a);",
            "static int tooMany(String a) { return 1; }"),
        "@RateLimit on get(): fallback \"tooMany\" must be a method of the interface", "String get");
    assertThat(Sources.compile(iface(
        "@RateLimit(limit = 1, period = \"1m\", fallback = \"none\") void run(String a);",
        "default void none() {}",
        "@SliceRateLimit(limit = 1, period = \"1m\", fallback = \"later\") String get(String a);",
        "String later(String a);"))).succeeded();
  }

  @Test
  @DisplayName("@CacheTransaction: a timeout that does not parse is an error on it; void methods and stacking compile")
  void cacheTransaction() {
    fails(iface("@CacheTransaction(timeout = \"soon\") void save(String a);"),
        "@CacheTransaction timeout of save()", "@CacheTransaction(timeout");
    Compilation c = Sources.compile(iface(
        "@CacheTransaction(mode = dev.kaju.TransactionMode.FAST, timeout = \"500ms\") void save(String a);",
        "@CacheTransaction @Cached(ttl = \"1h\") String get(String a);"));
    assertThat(c).succeededWithoutWarnings();
    org.assertj.core.api.Assertions.assertThat(Sources.generated(c, "test.SvcCached"))
        .contains(".mode(TransactionMode.FAST)", ".timeout(Duration.ofMillis(500))", "CacheTransactionSite.<String>builder");
  }
}
