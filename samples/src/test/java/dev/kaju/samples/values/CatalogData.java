package dev.kaju.samples.values;

import dev.kaju.samples.values.Catalog.Badge;
import dev.kaju.samples.values.Catalog.Category;
import dev.kaju.samples.values.Catalog.Dimensions;
import dev.kaju.samples.values.Catalog.Money;
import dev.kaju.samples.values.Catalog.Node;
import dev.kaju.samples.values.Catalog.Page;
import dev.kaju.samples.values.Catalog.Product;
import dev.kaju.samples.values.Catalog.Shelf;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A {@link Catalog} that makes every value from its arguments and counts its calls. */
final class CatalogData implements Catalog {
  final AtomicInteger calls = new AtomicInteger();

  static Product make(long id) {
    Map<String, Money> regional = new LinkedHashMap<>();
    regional.put("eu", new Money(new BigDecimal("9.99"), "EUR"));
    regional.put("none", null);
    List<Badge> badges = new ArrayList<>();
    badges.add(new Badge.Sale(20, LocalDate.of(2026, 12, 24)));
    badges.add(new Badge.New(Instant.ofEpochSecond(1_700_000_000L, 5)));
    badges.add(Badge.Limited.LAST_ONE);
    badges.add(null);
    List<String> tags = new ArrayList<>(List.of("a", "ü", ""));
    tags.add(null);
    return new Product(
        id,
        "product " + id,
        Category.values()[(int) (id % 3)],
        new Money(BigDecimal.valueOf(id, 2), "USD"),
        id % 2 == 0 ? Optional.of(new Dimensions(1.5, -2.25, 0.5f)) : Optional.empty(),
        tags,
        new LinkedHashSet<>(Set.of(Category.TOOLS)),
        regional,
        badges,
        new int[] {5, 4, -1, Integer.MIN_VALUE},
        new byte[] {0, -1, 127},
        new UUID(id, -id),
        id % 2 == 1,
        'é',
        (short) -7,
        (byte) 0x7f);
  }

  @Override
  public Product product(long id) {
    calls.incrementAndGet();
    return make(id);
  }

  @Override
  public List<Product> products(Category category) {
    calls.incrementAndGet();
    List<Product> out = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      out.add(make(i));
    }
    return out;
  }

  @Override
  public Map<String, List<Product>> byName(String prefix) {
    calls.incrementAndGet();
    Map<String, List<Product>> out = new LinkedHashMap<>();
    out.put(prefix + "1", List.of(make(1), make(2)));
    out.put(prefix + "empty", List.of());
    return out;
  }

  @Override
  public Page<Product> page(int number) {
    calls.incrementAndGet();
    return new Page<>(List.of(make(number), make(number + 1L)), 42, Optional.of("next"));
  }

  @Override
  public Product[] featured() {
    calls.incrementAndGet();
    return new Product[] {make(7), null, make(8)};
  }

  @Override
  public Category category(String name) {
    calls.incrementAndGet();
    return Category.valueOf(name);
  }

  @Override
  public Badge badge(long id) {
    calls.incrementAndGet();
    return id == 0 ? Badge.Limited.FEW_LEFT : new Badge.Sale((int) id, LocalDate.of(2027, 1, 1));
  }

  @Override
  public Node tree(String root) {
    calls.incrementAndGet();
    Node node = new Node(root + ":leaf", List.of());
    for (int i = 0; i < 40; i++) {
      node = new Node(root + ":" + i, List.of(node, new Node("sibling", List.of())));
    }
    return node;
  }

  @Override
  public Shelf shelf(String id) {
    calls.incrementAndGet();
    Map<Category, List<Product>> byCategory = new LinkedHashMap<>();
    byCategory.put(Category.BOOKS, List.of(make(3)));
    byCategory.put(Category.GAMES, List.of());
    return new Shelf(byCategory, new Product[] {make(4)}, new Page<>(List.of(make(5)), 1, Optional.empty()));
  }

  @Override
  public Optional<Product> find(String name) {
    calls.incrementAndGet();
    return name.isEmpty() ? Optional.empty() : Optional.of(make(name.length()));
  }

  @Override
  public CompletionStage<Product> productAsync(long id) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(make(id));
  }

  @Override
  public Stream<Product> stream(Category category) {
    calls.incrementAndGet();
    return Stream.of(make(10), make(11));
  }

  @Override
  public Money price(long id) {
    calls.incrementAndGet();
    return new Money(BigDecimal.TEN, "GBP");
  }

  @Override
  public int[] counts(int n) {
    calls.incrementAndGet();
    return new int[] {n, n + 1, -n};
  }
}
