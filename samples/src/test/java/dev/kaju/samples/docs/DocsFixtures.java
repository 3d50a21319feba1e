package dev.kaju.samples.docs;

import dev.kaju.Cache;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the docs' examples take as the reader's own: the types (a {@code User}, an
 * {@code Order}, ...) and, for examples that are statements, the variables ({@code cache},
 * {@code user}, ...) they use without declaring. {@link DocsExamplesTest} compiles every
 * statement example in a subclass of this class and imports its nested types into the others.
 * A name here must not clash with a type of the packages every example imports (see
 * {@link DocsExamplesTest}): {@code Hit}, {@code Metrics} or {@code Timer} would.
 */
@SuppressWarnings("unused")
public abstract class DocsFixtures {
  protected Cache cache;
  protected User user;
  protected Config config;
  protected Order order;
  protected Banner banner;
  protected String id;
  protected Catalog catalog;
  protected Users users;

  public record User(long id, String name) {
    public static final User ANONYMOUS = new User(0, "anonymous");
  }

  public record Profile(String user, String email) {}

  public record Config(String name) {}

  public record Item(long id, String name) {}

  public record Order(long id, List<Item> items) {}

  public record Cart(long id, List<Item> items) {}

  public record Banner(String slot, String html) {}

  public record Rates(String currency, double rate) {}

  public record Report(String tenant, String body) {}

  public record Session(String user, String token) {}

  public record SearchHit(String url) {}

  public record Quote(String symbol, double price) {}

  public record Post(long id, String text) {}

  /** A type the binary codec does not know, for {@code Codecs.register}. */
  public record Money(String currency, long cents) {
    public static Money parse(String text) {
      int colon = text.indexOf(':');
      return new Money(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
    }
  }

  /** Stands for a JWT library that verifies a token's signature. */
  public static final class Jwt {
    private Jwt() {}

    public record Claims(String subject) {}

    public static Claims verify(String token) {
      return new Claims(new String(token.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  /** A catalog service, cached elsewhere in the docs. */
  public interface Catalog {
    List<Item> items(int page);
  }

  /** A user service with a rate-limited, cached login. */
  public interface Users {
    Session login(String user, String password);
  }
}
