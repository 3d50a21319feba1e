package dev.kaju.samples.docs;

import dev.kaju.Cache;
import java.util.List;

/**
 * What the docs' examples take as the reader's own: the types (a {@code User}, an
 * {@code Order}, ...) and, for examples that are statements, the variables ({@code cache},
 * {@code user}, ...) they use without declaring. {@link DocsExamplesTest} compiles every
 * statement example in a subclass of this class and imports its nested types into the others.
 * The names must not clash with a type of the packages every example imports (see
 * {@link DocsExamplesTest}), nor with each other.
 */
@SuppressWarnings("unused")
public abstract class DocsFixtures {
  protected Cache cache;

  public record User(long id, String name) {
    public static final User ANONYMOUS = new User(0, "anonymous");
  }
}
