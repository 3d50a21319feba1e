package dev.kaju.processor.validation;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.kaju.processor.Messages;
import dev.kaju.processor.model.ValueCodecs;
import dev.kaju.processor.model.ValueCodecs.ArrayCodec;
import dev.kaju.processor.model.ValueCodecs.ArrayOf;
import dev.kaju.processor.model.ValueCodecs.Component;
import dev.kaju.processor.model.ValueCodecs.Container;
import dev.kaju.processor.model.ValueCodecs.EnumCodec;
import dev.kaju.processor.model.ValueCodecs.Generated;
import dev.kaju.processor.model.ValueCodecs.MapOf;
import dev.kaju.processor.model.ValueCodecs.Primitive;
import dev.kaju.processor.model.ValueCodecs.PrimitiveArray;
import dev.kaju.processor.model.ValueCodecs.RecordCodec;
import dev.kaju.processor.model.ValueCodecs.SealedCodec;
import dev.kaju.processor.model.ValueCodecs.Shape;
import dev.kaju.processor.model.ValueCodecs.Subtype;
import dev.kaju.processor.model.ValueCodecs.Tagged;
import dev.kaju.processor.model.ValueCodecs.Text;
import dev.kaju.processor.model.ValueCodecs.TypeCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Walks the types a cached method stores and decides how each is written: a codec for every
 * record, enum and sealed interface of those it reaches (and for an array stored by itself), the
 * shapes of {@code dev.kaju.support.Shapes} for collections and the types the binary format knows,
 * and a warning on the method for a type it can do nothing for. Also computes each generated type's
 * schema fingerprint from its structure.
 */
final class ValueCodecCollector {
  /** Types the binary format writes by itself, with their tag. */
  private static final Set<String> BUILT_IN = Set.of(
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
      "java.lang.Float", "java.lang.Double", "java.lang.Character", "java.math.BigInteger", "java.math.BigDecimal",
      "java.util.UUID", "java.time.Instant", "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime",
      "java.time.OffsetDateTime", "java.time.ZonedDateTime", "java.time.Duration", "java.time.Period");
  private static final Map<TypeKind, String> PRIMITIVE_ARRAYS = Map.of(
      TypeKind.INT, "INT_ARRAY", TypeKind.LONG, "LONG_ARRAY", TypeKind.DOUBLE, "DOUBLE_ARRAY",
      TypeKind.FLOAT, "FLOAT_ARRAY", TypeKind.SHORT, "SHORT_ARRAY", TypeKind.CHAR, "CHAR_ARRAY",
      TypeKind.BOOLEAN, "BOOLEAN_ARRAY");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName SET = ClassName.get("java.util", "Set");
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");

  private final Elements elements;
  private final Types types;
  private final ClassName codecsClass;
  /** Codecs by the qualified name of their type ({@code int[]}, {@code com.x.User[]} for arrays). */
  private final Map<String, TypeCodec> codecs = new LinkedHashMap<>();
  /** Types being walked: a record reached again through its own components refers to its codec. */
  private final Map<String, ClassName> pending = new HashMap<>();
  private final Set<String> codecNames = new HashSet<>();

  ValueCodecCollector(Elements elements, Types types, ClassName codecsClass) {
    this.elements = elements;
    this.types = types;
    this.codecsClass = codecsClass;
  }

  /**
   * Adds the codecs the values of {@code method} need ({@code value}: what it stores), and warns on
   * {@code annotation} of each type it reaches that Kaju cannot write a codec for.
   */
  void collect(TypeMirror value, ExecutableElement method, AnnotationMirror annotation, Report report) {
    Set<String> problems = new LinkedHashSet<>();
    TypeMirror stored = value.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) value).asType() : value;
    if (stored.getKind() == TypeKind.ARRAY) {
      arrayCodec((ArrayType) stored, problems);
    } else {
      shape(stored, problems);
    }
    for (String type : problems) {
      report.warning(
          Messages.NO_CODEC.format(method.getSimpleName(), type, simple(type)), method, annotation, null);
    }
  }

  /** The codecs collected, or empty when no stored value reaches a type that needs one. */
  Optional<ValueCodecs> build() {
    return codecs.isEmpty() ? Optional.empty() : Optional.of(new ValueCodecs(codecsClass, List.copyOf(codecs.values())));
  }

  private static String simple(String qualified) {
    String raw = qualified.replaceAll("<.*", "");
    return raw.substring(raw.lastIndexOf('.') + 1);
  }

  // ---------------------------------------------------------------- shapes

  /** How a value of static type {@code t} is written; a type Kaju cannot write goes into {@code problems}. */
  private Shape shape(TypeMirror t, Set<String> problems) {
    switch (t.getKind()) {
      case BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE:
        return new Primitive(TypeName.get(t));
      case ARRAY:
        return arrayShape((ArrayType) t, problems);
      case TYPEVAR:
        // what a type variable holds is known only at run time: written with its tag, never a warning
        TypeMirror erased = types.erasure(t);
        return erased.getKind() == TypeKind.DECLARED ? new Tagged(ClassName.get((TypeElement) ((DeclaredType) erased).asElement())) : new Tagged(ClassName.OBJECT);
      case WILDCARD:
        TypeMirror bound = ((WildcardType) t).getExtendsBound();
        return bound == null ? new Tagged(ClassName.OBJECT) : shape(bound, problems);
      case DECLARED:
        return declared((DeclaredType) t, problems);
      default:
        problems.add(t.toString());
        return new Tagged(ClassName.OBJECT);
    }
  }

  private Shape declared(DeclaredType t, Set<String> problems) {
    TypeElement e = (TypeElement) t.asElement();
    String name = e.getQualifiedName().toString();
    List<? extends TypeMirror> args = t.getTypeArguments();
    switch (name) {
      case "java.lang.String":
        return new Text(ClassName.get(String.class));
      case "java.lang.Object", "java.lang.Void":
        return new Tagged(ClassName.OBJECT);
      case "java.util.List", "java.util.Collection":
        return container(LIST, "list", args, problems);
      case "java.util.Set":
        return container(SET, "set", args, problems);
      case "java.util.Optional":
        return container(OPTIONAL, "optional", args, problems);
      case "java.util.Map":
        Shape key = args.isEmpty() ? new Tagged(ClassName.OBJECT) : shape(args.get(0), problems);
        Shape value = args.isEmpty() ? new Tagged(ClassName.OBJECT) : shape(args.get(1), problems);
        return new MapOf(ParameterizedTypeName.get(MAP, key.javaType().box(), value.javaType().box()), key, value);
      default:
        break;
    }
    if (BUILT_IN.contains(name)) {
      return new Tagged(ClassName.get(e));
    }
    Optional<ClassName> codec = codecOf(e, problems);
    if (codec.isPresent()) {
      return new Generated(ClassName.get(e), codec.get());
    }
    return tagged(types.erasure(t), problems);
  }

  /** A value written with its tag: fine for the built-in types, a problem for any other (unless registered at run time). */
  private Shape tagged(TypeMirror erased, Set<String> problems) {
    if (erased.getKind() == TypeKind.DECLARED) {
      TypeElement e = (TypeElement) ((DeclaredType) erased).asElement();
      String name = e.getQualifiedName().toString();
      if (name.equals("java.lang.Object")) {
        return new Tagged(ClassName.OBJECT);
      }
      if (name.equals("java.lang.String")) {
        return new Text(ClassName.get(String.class));
      }
      if (!BUILT_IN.contains(name) && !isCollection(name) && codecOf(e, problems).isEmpty()) {
        problems.add(name);
      }
      return new Tagged(ClassName.get(e));
    }
    problems.add(erased.toString());
    return new Tagged(ClassName.OBJECT);
  }

  private static boolean isCollection(String name) {
    return name.equals("java.util.List") || name.equals("java.util.Set") || name.equals("java.util.Map")
        || name.equals("java.util.Collection") || name.equals("java.util.Optional");
  }

  private Shape container(ClassName type, String factory, List<? extends TypeMirror> args, Set<String> problems) {
    Shape element = args.isEmpty() ? new Tagged(ClassName.OBJECT) : shape(args.get(0), problems);
    return new Container(ParameterizedTypeName.get(type, element.javaType().box()), factory, element);
  }

  private Shape arrayShape(ArrayType t, Set<String> problems) {
    TypeMirror component = t.getComponentType();
    if (component.getKind() == TypeKind.BYTE) {
      return new Tagged(ArrayTypeName.of(TypeName.BYTE));
    }
    if (component.getKind().isPrimitive()) {
      return new PrimitiveArray(TypeName.get(t), PRIMITIVE_ARRAYS.get(component.getKind()));
    }
    if (!reifiable(component)) {
      problems.add(t.toString());
      return new Tagged(ClassName.OBJECT);
    }
    Shape element = shape(component, problems);
    return new ArrayOf(ArrayTypeName.of(TypeName.get(types.erasure(component))), element);
  }

  private static boolean usesTypeVariables(TypeMirror t) {
    return switch (t.getKind()) {
      case TYPEVAR -> true;
      case ARRAY -> usesTypeVariables(((ArrayType) t).getComponentType());
      case WILDCARD -> {
        TypeMirror bound = ((WildcardType) t).getExtendsBound();
        TypeMirror superBound = ((WildcardType) t).getSuperBound();
        yield bound != null && usesTypeVariables(bound) || superBound != null && usesTypeVariables(superBound);
      }
      case DECLARED -> ((DeclaredType) t).getTypeArguments().stream().anyMatch(ValueCodecCollector::usesTypeVariables);
      default -> false;
    };
  }

  /** Whether {@code E[]::new} compiles: no type variable or parameterized type in it. */
  private static boolean reifiable(TypeMirror t) {
    if (t.getKind() == TypeKind.ARRAY) {
      return reifiable(((ArrayType) t).getComponentType());
    }
    return t.getKind().isPrimitive()
        || t.getKind() == TypeKind.DECLARED && ((DeclaredType) t).getTypeArguments().isEmpty();
  }

  /** A codec for an array stored by itself ({@code User[]}): the binary format has no array tag. */
  private void arrayCodec(ArrayType t, Set<String> problems) {
    String key = t.toString();
    if (codecs.containsKey(key) || !reifiable(t.getComponentType())) {
      if (!reifiable(t.getComponentType())) {
        problems.add(key);
      }
      return;
    }
    if (t.getComponentType().getKind() == TypeKind.BYTE) {
      return; // byte[] is built in
    }
    Shape shape = arrayShape(t, problems);
    String structure = signature(t, new ArrayDeque<>());
    ClassName codec = codecName(simpleOf(t) + "Codec");
    codecs.put(key, new ArrayCodec(codec, TypeName.get(t), fingerprint(structure), readable(t.toString()), shape));
  }

  private String simpleOf(TypeMirror t) {
    if (t.getKind() == TypeKind.ARRAY) {
      return simpleOf(((ArrayType) t).getComponentType()) + "Array";
    }
    if (t.getKind().isPrimitive()) {
      String s = t.getKind().name().toLowerCase(java.util.Locale.ROOT);
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
    return String.join("_", ClassName.get((TypeElement) ((DeclaredType) t).asElement()).simpleNames());
  }

  // ---------------------------------------------------------------- codecs

  /** The codec class of a record, enum or sealed type (written when first reached), or empty when {@code e} is none of those. */
  private Optional<ClassName> codecOf(TypeElement e, Set<String> problems) {
    String name = e.getQualifiedName().toString();
    TypeCodec known = codecs.get(name);
    if (known != null) {
      return Optional.of(known.codecClass());
    }
    if (pending.containsKey(name)) {
      return Optional.of(pending.get(name));
    }
    if (!reachable(e)) {
      return Optional.empty();
    }
    if (e.getKind() == ElementKind.RECORD) {
      return Optional.of(recordCodec(e, problems));
    }
    if (e.getKind() == ElementKind.ENUM) {
      ClassName codec = codecName(codecSimpleName(e));
      String structure = signature(e.asType(), new ArrayDeque<>());
      codecs.put(name, new EnumCodec(codec, ClassName.get(e), fingerprint(structure), summary(e)));
      return Optional.of(codec);
    }
    if (e.getModifiers().contains(Modifier.SEALED)) {
      return sealedCodec(e, problems);
    }
    return Optional.empty();
  }

  /** Whether generated code in the interface's package can name {@code e} (and each type enclosing it). */
  private boolean reachable(TypeElement e) {
    for (Element c = e; c instanceof TypeElement; c = c.getEnclosingElement()) {
      if (c.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!c.getModifiers().contains(Modifier.PUBLIC)
          && !elements.getPackageOf(c).getQualifiedName().contentEquals(codecsClass.packageName())
          && c.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
        return false;
      }
    }
    return true;
  }

  private ClassName recordCodec(TypeElement e, Set<String> problems) {
    String name = e.getQualifiedName().toString();
    ClassName codec = codecName(codecSimpleName(e));
    pending.put(name, codec);
    List<Component> components = new ArrayList<>();
    for (RecordComponentElement c : e.getRecordComponents()) {
      Shape shape = shape(c.asType(), problems);
      TypeName readAs = usesTypeVariables(c.asType()) ? TypeName.get(types.erasure(c.asType())) : TypeName.get(c.asType());
      components.add(new Component(c.getSimpleName().toString(), shape, readAs, shape.javaType().equals(readAs)));
    }
    pending.remove(name);
    String structure = signature(e.asType(), new ArrayDeque<>());
    codecs.put(name, new RecordCodec(codec, ClassName.get(e), fingerprint(structure), summary(e), components));
    return codec;
  }

  private Optional<ClassName> sealedCodec(TypeElement e, Set<String> problems) {
    String name = e.getQualifiedName().toString();
    ClassName codec = codecName(codecSimpleName(e));
    pending.put(name, codec);
    List<Subtype> subtypes = new ArrayList<>();
    boolean ok = true;
    for (TypeMirror permitted : e.getPermittedSubclasses()) {
      TypeElement sub = (TypeElement) ((DeclaredType) permitted).asElement();
      Optional<ClassName> subCodec = codecOf(sub, problems);
      if (subCodec.isEmpty()) {
        problems.add(sub.getQualifiedName().toString());
        ok = false;
      } else {
        subtypes.add(new Subtype(ClassName.get(sub), subCodec.get(), sub.getSimpleName().toString(), sub.getKind() == ElementKind.RECORD));
      }
    }
    pending.remove(name);
    if (!ok || subtypes.isEmpty()) {
      return Optional.empty();
    }
    String structure = signature(e.asType(), new ArrayDeque<>());
    codecs.put(name, new SealedCodec(codec, ClassName.get(e), fingerprint(structure), summary(e), subtypes));
    return Optional.of(codec);
  }

  private static String codecSimpleName(TypeElement e) {
    return String.join("_", ClassName.get(e).simpleNames()) + "Codec";
  }

  /** A nested class name in the codecs class, numbered when two types share a simple name. */
  private ClassName codecName(String simple) {
    String chosen = simple;
    for (int i = 2; !codecNames.add(chosen); i++) {
      chosen = simple.replaceAll("Codec$", "") + i + "Codec";
    }
    return codecsClass.nestedClass(chosen);
  }

  // ---------------------------------------------------------------- fingerprints

  /**
   * The structure of {@code t} that its fingerprint hashes: for a record its name and each
   * component's name and structure, for an enum its constants in order, for a sealed type its
   * subtypes in order, recursively; a type reached again inside itself by name only.
   */
  String signature(TypeMirror t, Deque<String> walking) {
    switch (t.getKind()) {
      case ARRAY:
        return signature(((ArrayType) t).getComponentType(), walking) + "[]";
      case TYPEVAR:
        return "var " + signature(types.erasure(t), walking);
      case WILDCARD:
        TypeMirror bound = ((WildcardType) t).getExtendsBound();
        return bound == null ? "?" : "? extends " + signature(bound, walking);
      case DECLARED:
        break;
      default:
        return t.toString();
    }
    DeclaredType d = (DeclaredType) t;
    TypeElement e = (TypeElement) d.asElement();
    String name = e.getQualifiedName().toString();
    StringBuilder out = new StringBuilder();
    if (walking.contains(name)) {
      return "ref " + name;
    }
    if (e.getKind() == ElementKind.RECORD) {
      walking.push(name);
      StringJoiner parts = new StringJoiner(",", "record " + name + "(", ")");
      for (RecordComponentElement c : e.getRecordComponents()) {
        parts.add(c.getSimpleName() + ":" + signature(c.asType(), walking));
      }
      walking.pop();
      out.append(parts);
    } else if (e.getKind() == ElementKind.ENUM) {
      StringJoiner constants = new StringJoiner(",", "enum " + name + "[", "]");
      for (Element c : e.getEnclosedElements()) {
        if (c.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(c.getSimpleName());
        }
      }
      out.append(constants);
    } else if (e.getModifiers().contains(Modifier.SEALED)) {
      walking.push(name);
      StringJoiner subs = new StringJoiner("|", "sealed " + name + "{", "}");
      for (TypeMirror permitted : e.getPermittedSubclasses()) {
        subs.add(signature(types.erasure(permitted), walking));
      }
      walking.pop();
      out.append(subs);
    } else {
      out.append(name);
    }
    if (!d.getTypeArguments().isEmpty()) {
      StringJoiner args = new StringJoiner(",", "<", ">");
      for (TypeMirror a : d.getTypeArguments()) {
        args.add(signature(a, walking));
      }
      out.append(args);
    }
    return out.toString();
  }

  /**
   * The type as declared, without packages, for the codec's Javadoc: {@code record
   * Catalog.Product(long id, String name)}, {@code enum Catalog.Category { BOOKS, TOOLS }}, {@code
   * sealed interface Catalog.Badge permits Sale, New}.
   */
  private static String summary(TypeElement e) {
    String name = String.join(".", ClassName.get(e).simpleNames());
    if (e.getKind() == ElementKind.RECORD) {
      StringJoiner parts = new StringJoiner(", ", "record " + name + "(", ")");
      for (RecordComponentElement c : e.getRecordComponents()) {
        parts.add(readable(c.asType().toString()) + " " + c.getSimpleName());
      }
      return parts.toString();
    }
    if (e.getKind() == ElementKind.ENUM) {
      StringJoiner constants = new StringJoiner(", ", "enum " + name + " { ", " }");
      for (Element c : e.getEnclosedElements()) {
        if (c.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(c.getSimpleName());
        }
      }
      return constants.toString();
    }
    StringJoiner subs = new StringJoiner(", ", "sealed " + (e.getKind() == ElementKind.INTERFACE ? "interface " : "class ") + name + " permits ", "");
    for (TypeMirror permitted : e.getPermittedSubclasses()) {
      subs.add(((DeclaredType) permitted).asElement().getSimpleName());
    }
    return subs.toString();
  }

  /** {@code java.util.List<com.example.Catalog.Product>} as {@code List<Catalog.Product>}. */
  private static String readable(String type) {
    return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
  }

  /** The first 8 bytes of the SHA-256 of {@code structure}. */
  static long fingerprint(String structure) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(structure.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (hash[i] & 0xFF);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
