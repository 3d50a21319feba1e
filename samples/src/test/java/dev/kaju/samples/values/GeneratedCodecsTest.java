package dev.kaju.samples.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.samples.values.Catalog.Category;
import dev.kaju.samples.values.Catalog.Product;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's own types through disk:// with no {@code Codecs.register}: the processor wrote
 * {@code CatalogCodecs}. Each call's second run is a hit read back from the bytes on disk (the
 * delegate is not called again) and equals what the delegate made.
 */
@DisplayName("Generated codecs: records, enums, sealed types, collections and arrays on disk://")
class GeneratedCodecsTest {

  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path directory;
  Cache cache;
  private final CatalogData data = new CatalogData();
  private Catalog catalog;

  private Catalog open() {
    cache = Cache.create().setup("disk://?entries=1000&directory=" + directory + options());
    return new CatalogCached(data, cache);
  }

  /** More setup options: none, the binary serializer. */
  String options() {
    return "";
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  /** Calls {@code call} twice: the second is answered from disk, with a value equal to the first's, field by field. */
  <T> T twice(Function<Catalog, T> call) {
    if (catalog == null) {
      catalog = open();
    }
    int before = data.calls.get();
    T first = call.apply(catalog);
    assertThat(data.calls.get()).as("the first call runs the method").isEqualTo(before + 1);
    T second = call.apply(catalog);
    assertThat(data.calls.get()).as("the second call is a hit: the stored bytes decoded").isEqualTo(before + 1);
    assertThat(second).usingRecursiveComparison().isEqualTo(first);
    return second;
  }

  @Test
  @DisplayName("a record with every kind of component, nulls included")
  void record() {
    assertThat(twice(c -> c.product(2)).dimensions()).isPresent();
    assertThat(twice(c -> c.product(3)).badges()).hasSize(4).containsNull();
  }

  @Test
  @DisplayName("List, Map of Lists, Optional and a CompletionStage of records")
  void collections() {
    List<Product> all = twice(c -> c.products(Category.BOOKS));
    assertThat(all).hasSize(100);
    Map<String, List<Product>> byName = twice(c -> c.byName("p"));
    assertThat(byName).containsKeys("p1", "pempty");
    Optional<Product> found = twice(c -> c.find("four"));
    assertThat(found).isPresent();
    Optional<Product> none = twice(c -> c.find(""));
    assertThat(none).isEmpty();
    assertThat(twice(c -> {
      Product p = c.productAsync(9).toCompletableFuture().join();
      awaitStored("*productAsync*"); // an async method's result is stored after its future completes
      return p;
    }).id()).isEqualTo(9);
  }

  private void awaitStored(String pattern) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (cache.scan(pattern).findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  @DisplayName("a generic record, arrays, an enum, a sealed interface's record and enum members")
  void genericArraysEnumsSealed() {
    assertThat(twice(c -> c.page(3)).items()).hasSize(2);
    Product[] featured = twice(Catalog::featured);
    assertThat(featured).hasSize(3).containsNull();
    int[] counts = twice(c -> c.counts(4));
    assertThat(counts).containsExactly(4, 5, -4);
    Category category = twice(c -> c.category("GAMES"));
    assertThat(category).isEqualTo(Category.GAMES);
    Catalog.Badge limited = twice(c -> c.badge(0));
    assertThat(limited).isEqualTo(Catalog.Badge.Limited.FEW_LEFT);
    Catalog.Badge sale = twice(c -> c.badge(5));
    assertThat(sale).isInstanceOf(Catalog.Badge.Sale.class);
  }

  @Test
  @DisplayName("a recursive record 40 levels deep and a record of maps, arrays and a generic page")
  void nested() {
    assertThat(twice(c -> c.tree("r")).name()).isEqualTo("r:39");
    assertThat(twice(c -> c.shelf("s")).firstPage().items()).hasSize(1);
  }

  @Test
  @DisplayName("an iterator method's elements and a @Failover's last good result")
  void iteratorAndFailover() {
    List<Product> streamed = twice(c -> c.stream(Category.TOOLS).collect(Collectors.toList()));
    assertThat(streamed).hasSize(2);
    catalog.price(1);
    assertThat(cache.get("fail:" + Catalog.class.getName() + ".price:id:1").toString()).contains("GBP");
  }

  @Test
  @DisplayName("100 records in one list name their type once: the rest refer back to it")
  void typeNamedOnce() {
    storedOnce();
  }

  /** What the serializer stores for 100 records in one list. */
  void storedOnce() {
    twice(c -> c.products(Category.BOOKS));
    byte[] stored = (byte[]) cache.getRaw(cache.scan("*products*").findFirst().orElseThrow());
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    String name = Catalog.Product.class.getName();
    assertThat(text.indexOf(name)).isNotNegative();
    assertThat(text.indexOf(name, text.indexOf(name) + 1)).as("named a second time").isEqualTo(-1);
  }

  @Test
  @DisplayName("a new Cache on the same directory (a restart) reads what the last one stored")
  void restart() {
    twice(c -> c.product(6));
    cache.close();
    Catalog again = open();
    int before = data.calls.get();
    assertThat(again.product(6)).usingRecursiveComparison().isEqualTo(CatalogData.make(6));
    assertThat(data.calls.get()).isEqualTo(before);
  }
}
