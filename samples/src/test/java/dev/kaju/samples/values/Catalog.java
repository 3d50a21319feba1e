package dev.kaju.samples.values;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Failover;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The application's own types as cached values: records, enums, sealed hierarchies, collections
 * and arrays of them, nested. The processor writes {@code CatalogCodecs}, so redis:// and disk://
 * store them with no {@code Codecs.register}.
 */
@Cached(ttl = "10m")
public interface Catalog {

  enum Category { BOOKS, TOOLS, GAMES }

  record Money(BigDecimal amount, String currency) {}

  record Dimensions(double width, double height, float depth) {}

  sealed interface Badge permits Badge.Sale, Badge.New, Badge.Limited {
    record Sale(int percent, LocalDate until) implements Badge {}

    record New(Instant since) implements Badge {}

    enum Limited implements Badge { FEW_LEFT, LAST_ONE }
  }

  record Product(
      long id,
      String name,
      Category category,
      Money price,
      Optional<Dimensions> dimensions,
      List<String> tags,
      Set<Category> alsoIn,
      Map<String, Money> pricesByRegion,
      List<Badge> badges,
      int[] ratings,
      byte[] thumbnail,
      UUID sku,
      boolean active,
      char grade,
      short stock,
      byte flags) {}

  record Page<T>(List<T> items, int total, Optional<String> next) {}

  record Node(String name, List<Node> children) {}

  record Shelf(Map<Category, List<Product>> byCategory, Product[] featured, Page<Product> firstPage) {}

  @Cached
  Product product(long id);

  @Cached
  List<Product> products(Category category);

  @Cached
  Map<String, List<Product>> byName(String prefix);

  @Cached
  Page<Product> page(int number);

  @Cached
  Product[] featured();

  @Cached
  Category category(String name);

  @Cached
  Badge badge(long id);

  @Cached
  Node tree(String root);

  @Cached
  Shelf shelf(String id);

  @Cached
  Optional<Product> find(String name);

  @Cached
  CompletionStage<Product> productAsync(long id);

  @Cached(key = "stream:{category}")
  Stream<Product> stream(Category category);

  @Failover(ttl = "1h")
  Money price(long id);

  @Cached
  int[] counts(int n);
}
