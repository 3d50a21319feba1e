package dev.kaju.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.ReferencedClassObject;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Native-image readiness of one module's main code (issue 15), checked without GraalVM: a rule
 * that the code neither reflects nor loads classes by name nor looks up method handles, and a
 * check that the module's reachability metadata ({@code
 * META-INF/native-image/dev.kaju/<artifact>/}) lists every {@code ServiceLoader} service file,
 * every resource the code loads and every class of Kaju's own that Java serialization may write.
 * A backend module extends it (the class ships in the {@code kaju-runtime} test-jar) and names a
 * class of its own, its artifact, and what it must be allowed, each with its reason.
 *
 * <p>The module's main code is what sits beside {@link #moduleClass()}: {@code target/classes},
 * resources included, which is what its jar holds. Tests and generated code are not in it.
 */
public abstract class NativeReadinessContract {

  /** A call the rule lets through in one class, with the reason it is no lookup on user types. */
  public record Allowed(String origin, String target, String reason) {
    public Allowed {
      if (reason.isBlank()) {
        throw new IllegalArgumentException("an allowed call needs its reason: " + origin + " -> " + target);
      }
    }
  }

  /** A class of the module under test: its code source is the module's main output. */
  protected abstract Class<?> moduleClass();

  /** The module's artifactId, which names its metadata folder. */
  protected abstract String artifactId();

  /** Calls the rule allows in this module (as {@code Owner.method}), each with its reason. */
  protected List<Allowed> allowed() {
    return List.of();
  }

  /**
   * The resources the module's code loads with {@code getResource*}, keyed by the calling class and
   * method ({@code dev.kaju.Foo.bar}). A call the map does not name fails the check: ArchUnit sees
   * the call but not its string argument, so whoever adds one names its path here, and the check
   * then wants that path in the metadata and in the jar.
   */
  protected Map<String, String> loadedResources() {
    return Map.of();
  }

  // ---------------------------------------------------------------------------------------------
  // the rule

  /** Methods of {@code java.lang.Class} that reflect or load by name. */
  static final Set<String> CLASS_METHODS = Set.of(
      "forName", "newInstance",
      "getMethods", "getDeclaredMethods", "getMethod", "getDeclaredMethod",
      "getFields", "getDeclaredFields", "getField", "getDeclaredField",
      "getConstructors", "getDeclaredConstructors", "getConstructor", "getDeclaredConstructor",
      "getRecordComponents", "getEnclosingMethod", "getEnclosingConstructor");

  /**
   * Why {@code target} (an access's target owner and name) is forbidden in main code, or null if it
   * is not. Dependencies on {@code java.lang.reflect..} are checked apart, see {@link #rule}.
   */
  static String forbidden(JavaClass owner, String name) {
    String o = owner.getName();
    if (o.equals("java.lang.Class") && CLASS_METHODS.contains(name)) {
      return "reflects or loads a class by name";
    }
    if (owner.isAssignableTo(ClassLoader.class) && (name.equals("loadClass") || name.equals("findClass"))) {
      return "loads a class by name";
    }
    if (o.equals("java.lang.invoke.MethodHandles") || o.equals("java.lang.invoke.MethodHandles$Lookup")) {
      // lookup(), privateLookupIn, find*, unreflect*; a module that needs a harmless one (a byte[]
      // view) allows it by name, see allowed()
      return "method handles";
    }
    return null;
  }

  /**
   * No reflection, no loading by name, no method-handle lookups: no dependency of any kind on a
   * class of {@code java.lang.reflect..} ({@code Proxy}, {@code Method}, {@code Field}, {@code
   * Array}...), and no call or method reference to what {@link #forbidden} names, except {@code
   * allowed}.
   */
  static ArchRule rule(List<Allowed> allowed) {
    ArchCondition<JavaClass> condition =
        new ArchCondition<>("use no reflection, no class loading by name and no method-handle lookup") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            c.getDirectDependenciesFromSelf().forEach(d -> {
              String target = d.getTargetClass().getName();
              if (target.startsWith("java.lang.reflect.") && !isAllowed(allowed, c, target)) {
                events.add(SimpleConditionEvent.violated(d, "reflection: " + d.getDescription()));
              }
            });
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
              JavaClass owner = a.getTargetOwner();
              String why = forbidden(owner, a.getName());
              if (why != null && !isAllowed(allowed, c, owner.getName() + "." + a.getName())) {
                events.add(SimpleConditionEvent.violated(a, why + ": " + a.getDescription()));
              }
            }
          }
        };
    return ArchRuleDefinition.classes().should(condition).allowEmptyShould(false);
  }

  private static boolean isAllowed(List<Allowed> allowed, JavaClass origin, String target) {
    String top = origin.getName().replaceFirst("\\$.*", "");
    return allowed.stream()
        .anyMatch(a -> (a.origin().equals(origin.getName()) || a.origin().equals(top)) && a.target().equals(target));
  }

  /** The module's main classes: the folder (or jar) {@link #moduleClass()} was loaded from. */
  protected Path classesRoot() {
    try {
      return Path.of(moduleClass().getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  protected JavaClasses mainClasses() {
    return new ClassFileImporter().importPath(classesRoot());
  }

  @Test
  @DisplayName("main code uses no reflection, no Class.forName, no ClassLoader.loadClass, no method-handle lookup")
  void noReflection() {
    rule(allowed()).check(mainClasses());
  }

  @Test
  @DisplayName("every allowed call is still made (no stale exception in the rule)")
  void allowedCallsExist() {
    JavaClasses classes = mainClasses();
    for (Allowed a : allowed()) {
      boolean made = classes.stream()
          .filter(c -> c.getName().equals(a.origin()) || c.getName().startsWith(a.origin() + "$"))
          .anyMatch(c -> c.getAccessesFromSelf().stream()
                  .anyMatch(x -> (x.getTargetOwner().getName() + "." + x.getName()).equals(a.target()))
              || c.getDirectDependenciesFromSelf().stream()
                  .anyMatch(d -> d.getTargetClass().getName().equals(a.target())));
      assertThat(made).as("allowed %s -> %s is no longer made; remove it from the rule", a.origin(), a.target()).isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the metadata

  /** The module's metadata folder inside its jar. */
  protected Path metadataDir() {
    return classesRoot().resolve("META-INF/native-image/dev.kaju/" + artifactId());
  }

  private static final Pattern RESOURCE_PATTERN = Pattern.compile("\"pattern\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The include patterns of a {@code resource-config.json} (Java regular expressions, as GraalVM reads them). */
  static List<Pattern> resourceIncludes(String json) {
    String includes = section(json, "\"includes\"");
    List<Pattern> patterns = new ArrayList<>();
    Matcher m = RESOURCE_PATTERN.matcher(includes);
    while (m.find()) {
      patterns.add(Pattern.compile(unescape(m.group(1))));
    }
    return patterns;
  }

  /** The type names in a {@code serialization-config.json} or {@code reflect-config.json}. */
  static Set<String> names(String json) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(json);
    while (m.find()) {
      names.add(unescape(m.group(1)));
    }
    return names;
  }

  /** The text of the JSON array after {@code key}, or "" (no JSON parser on every module's test path). */
  private static String section(String json, String key) {
    int k = json.indexOf(key);
    if (k < 0) {
      return "";
    }
    int start = json.indexOf('[', k);
    int depth = 0;
    for (int i = start; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '"') { // skip strings, whose brackets are regex text
        for (i++; json.charAt(i) != '"'; i++) {
          if (json.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (ch == '[') {
        depth++;
      } else if (ch == ']' && --depth == 0) {
        return json.substring(start, i + 1);
      }
    }
    throw new IllegalArgumentException("unbalanced JSON after " + key);
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        char next = s.charAt(++i);
        b.append(next == 'u' ? (char) Integer.parseInt(s.substring(i + 1, (i += 4) + 1), 16) : switch (next) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> next; // \\ \" \/
        });
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** The resources no include pattern matches. */
  static List<String> unlisted(Iterable<String> resources, List<Pattern> includes) {
    List<String> missing = new ArrayList<>();
    for (String r : resources) {
      if (includes.stream().noneMatch(p -> p.matcher(r).matches())) {
        missing.add(r);
      }
    }
    return missing;
  }

  /** {@code META-INF/services/...} for each service file under {@code root}. */
  static Set<String> serviceFiles(Path root) {
    Path services = root.resolve("META-INF/services");
    if (!Files.isDirectory(services)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(services)) {
      return files.filter(Files::isRegularFile)
          .map(f -> "META-INF/services/" + f.getFileName())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code META-INF/services/<service>} for each {@code ServiceLoader.load} call: the service is the
   * class literal (interface or abstract class) passed on the call's line. A call whose service
   * cannot be told that way is reported as {@code ?<call>}, which no metadata lists.
   */
  static Set<String> loadedServices(JavaClasses classes) {
    Set<String> services = new TreeSet<>();
    for (JavaClass c : classes) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        if (!call.getTargetOwner().getName().equals("java.util.ServiceLoader")
            || !call.getName().startsWith("load")) {
          continue;
        }
        List<String> literals = c.getReferencedClassObjects().stream()
            .filter(r -> r.getOwner().equals(call.getOrigin()) && r.getLineNumber() == call.getLineNumber())
            .map(ReferencedClassObject::getRawType)
            .filter(t -> t.isInterface() || t.getModifiers().contains(JavaModifier.ABSTRACT))
            .map(JavaClass::getName)
            .toList();
        if (literals.size() == 1) {
          services.add("META-INF/services/" + literals.get(0));
        } else {
          services.add("?" + call.getDescription());
        }
      }
    }
    return services;
  }

  /** Each {@code getResource*} call of {@code Class}, {@code ClassLoader} or {@code Module}, as "caller.method: description". */
  static Map<String, String> resourceCalls(JavaClasses classes) {
    Map<String, String> calls = new java.util.TreeMap<>();
    for (JavaClass c : classes) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        String owner = call.getTargetOwner().getName();
        boolean loader = call.getTargetOwner().isAssignableTo(ClassLoader.class);
        if ((owner.equals("java.lang.Class") || owner.equals("java.lang.Module") || loader)
            && (call.getName().startsWith("getResource") || call.getName().startsWith("getSystemResource"))) {
          calls.put(c.getName() + "." + call.getOrigin().getName(), call.getDescription());
        }
      }
    }
    return calls;
  }

  private String read(String file) {
    Path p = metadataDir().resolve(file);
    assertThat(p).as("the module's metadata file").exists();
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("resource-config.json lists every META-INF/services file of the module")
  void serviceFilesListed() {
    List<Pattern> includes = resourceIncludes(read("resource-config.json"));
    assertThat(unlisted(serviceFiles(classesRoot()), includes)).as("service files without metadata").isEmpty();
  }

  @Test
  @DisplayName("resource-config.json lists the service of every ServiceLoader.load in the module's code")
  void loadedServicesListed() {
    List<Pattern> includes = resourceIncludes(read("resource-config.json"));
    assertThat(unlisted(loadedServices(mainClasses()), includes)).as("services loaded without metadata").isEmpty();
  }

  @Test
  @DisplayName("every getResource* call is named in loadedResources(), and its resource is in the jar and the metadata")
  void loadedResourcesListed() {
    Map<String, String> calls = resourceCalls(mainClasses());
    assertThat(loadedResources().keySet()).as("getResource* calls: add each new one with its path to loadedResources()")
        .containsAll(calls.keySet());
    assertThat(calls.keySet()).as("loadedResources() names a call that is gone").containsAll(loadedResources().keySet());
    for (String path : loadedResources().values()) {
      assertThat(classesRoot().resolve(path)).as("a loaded resource").exists();
    }
    List<Pattern> includes = resourceIncludes(read("resource-config.json"));
    assertThat(unlisted(loadedResources().values(), includes)).as("resources loaded without metadata").isEmpty();
  }

  @Test
  @DisplayName("serialization-config.json lists every class of the module that implements Serializable itself")
  void serializableClassesListed() {
    Set<String> serializable = mainClasses().stream()
        .filter(c -> c.getRawInterfaces().stream().anyMatch(i -> i.getName().equals("java.io.Serializable")))
        .map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> listed = serializable.isEmpty() && !Files.exists(metadataDir().resolve("serialization-config.json"))
        ? Set.of()
        : names(read("serialization-config.json"));
    assertThat(listed).as("serialization-config.json").containsAll(serializable);
  }

  @Test
  @DisplayName("every type that reflect-config.json names exists (a dependency upgrade that renames one fails here)")
  void reflectedTypesExist() throws Exception {
    Path reflect = metadataDir().resolve("reflect-config.json");
    if (!Files.exists(reflect)) {
      return;
    }
    for (String name : names(Files.readString(reflect))) {
      if (!name.contains(".")) {
        continue; // a field's or method's name (FACTORY, <init>), not a type
      }
      Class.forName(name, false, moduleClass().getClassLoader());
    }
  }
}
