package dev.kaju.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;

/**
 * An interface to generate a {@code *Cached} class for.
 *
 * @param iface the interface, e.g. {@code com.example.UserService}
 * @param ifaceType the interface as implemented, with its type variables ({@code Repo<T>})
 * @param generated the class to write, e.g. {@code com.example.UserServiceCached}
 * @param typeVariables the interface's type variables, copied to the generated class
 * @param methods every abstract or default method, cached or delegated, in declaration order
 * @param codecs the codecs of the values its methods store, when they reach a type Kaju generates
 *     a codec for
 * @param generatedAnnotation whether the generated classes carry {@code @javax.annotation.processing.Generated}:
 *     not in a named module that does not read {@code java.compiler}, where it would not compile
 */
public record CachedInterface(
    ClassName iface,
    TypeName ifaceType,
    ClassName generated,
    List<TypeVariableName> typeVariables,
    List<Method> methods,
    java.util.Optional<ValueCodecs> codecs,
    boolean generatedAnnotation) {}
