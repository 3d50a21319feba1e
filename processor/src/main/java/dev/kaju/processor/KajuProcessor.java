package dev.kaju.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.kaju.processor.generation.CachedClassWriter;
import dev.kaju.processor.generation.FactoryIndex;
import dev.kaju.processor.generation.ValueCodecsWriter;
import dev.kaju.processor.model.CachedInterface;
import dev.kaju.processor.validation.DeferredException;
import dev.kaju.processor.validation.InterfaceValidator;
import dev.kaju.processor.validation.Report;
import java.io.IOException;
import java.io.Writer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Kaju's annotation processor: for each interface with {@code @Cached} on it, or a strategy
 * annotation ({@code @Cached}, {@code @Failover}) on its methods,
 * validates it ({@code validation}), builds the model ({@code model}) and writes
 * {@code <Interface>Cached} ({@code generation}).
 *
 * <p>When processing is over it writes {@value FactoryIndex#RESOURCE}, the index of the
 * generated {@code *Cached.Factory} classes, for frameworks to wrap beans without reflection. An
 * index an earlier (incremental) compilation left in the class output is merged in, without the
 * factories whose classes are gone.
 *
 * <p>It never crashes javac: a failure becomes an error on the interface being processed, with the
 * trace. An interface whose types are not generated yet is tried again in the next round.
 */
@AutoService(Processor.class)
public final class KajuProcessor extends AbstractProcessor {
  private final Set<String> deferred = new LinkedHashSet<>();
  /** The factories generated so far, by binary name, for {@link FactoryIndex}. */
  private final Set<String> factories = new LinkedHashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> supported = new LinkedHashSet<>(InterfaceValidator.STRATEGIES);
    supported.add("dev.kaju.annotation.KeyFormatter");
    return supported;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> interfaces = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement te = processingEnv.getElementUtils().getTypeElement(name);
      if (te != null) {
        interfaces.add(te);
      }
    }
    deferred.clear();
    for (String strategy : InterfaceValidator.STRATEGIES) {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(strategy);
      if (annotation == null) {
        continue; // an older kaju-runtime on the class path
      }
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        Report placement = new Report();
        if (InterfaceValidator.placedOnInterface(e, strategy, placement)) {
          interfaces.add(e instanceof TypeElement te ? te : (TypeElement) e.getEnclosingElement());
        }
        placement.printTo(processingEnv.getMessager());
      }
    }
    for (TypeElement iface : interfaces) {
      if (iface.getKind() != ElementKind.INTERFACE) {
        continue;
      }
      process(iface, round.processingOver());
    }
    if (round.processingOver() && !factories.isEmpty()) {
      writeIndex();
    }
    return true; // Kaju's annotations are Kaju's alone
  }

  private void process(TypeElement iface, boolean lastRound) {
    try {
      Report report = new Report();
      Optional<CachedInterface> model =
          new InterfaceValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils()).validate(iface, report);
      report.printTo(processingEnv.getMessager());
      if (model.isPresent()) {
        JavaFile file = CachedClassWriter.write(model.get());
        write(file, iface);
        factories.add(FactoryIndex.factoryOf(model.get()));
        if (model.get().codecs().isPresent()) {
          write(ValueCodecsWriter.write(model.get().codecs().get(), model.get().iface(), model.get().generatedAnnotation()), iface);
        }
      }
    } catch (DeferredException e) {
      if (lastRound) {
        processingEnv.getMessager().printMessage(
            Diagnostic.Kind.ERROR,
            "Kaju could not generate " + iface.getSimpleName() + "Cached: a type it uses was never generated; fix the other errors first",
            iface);
      } else {
        deferred.add(iface.getQualifiedName().toString());
      }
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(
          Diagnostic.Kind.ERROR, Messages.INTERNAL_ERROR.format(iface.getQualifiedName(), trace), iface);
    }
  }

  private void writeIndex() {
    Set<String> listed = new LinkedHashSet<>(factories);
    for (String earlier : earlierIndex()) {
      if (processingEnv.getElementUtils().getTypeElement(FactoryIndex.canonicalName(earlier)) != null) {
        listed.add(earlier);
      }
    }
    try {
      FileObject index = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", FactoryIndex.RESOURCE);
      try (Writer writer = index.openWriter()) {
        writer.write(FactoryIndex.render(listed));
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.INDEX_NOT_WRITTEN.format(FactoryIndex.RESOURCE, e));
    }
  }

  /** What an earlier compilation listed in the class output; nothing when there is none. */
  private Set<String> earlierIndex() {
    try {
      FileObject existing = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", FactoryIndex.RESOURCE);
      return FactoryIndex.parse(existing.getCharContent(true));
    } catch (IOException | IllegalArgumentException e) {
      return Set.of(); // javac throws FileNotFoundException (NoSuchFileException) when there is none
    }
  }

  private void write(JavaFile file, TypeElement iface) throws IOException {
    String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
    try (var writer = processingEnv.getFiler().createSourceFile(name, iface).openWriter()) {
      file.writeTo(writer);
    }
  }
}
