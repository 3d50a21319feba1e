package dev.kaju.samples.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.samples.values.Catalog.Category;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;

/**
 * The same values with {@code serializer=json}: the generated codecs write readable JSON objects,
 * components by name, enums by name, {@code java.time} as ISO-8601 text, and read them back.
 */
@DisplayName("Generated codecs with serializer=json on disk://")
class GeneratedCodecsJsonTest extends GeneratedCodecsTest {

  @Override
  String options() {
    return "&serializer=json";
  }

  @Override
  void storedOnce() {
    twice(c -> c.products(Category.BOOKS));
    byte[] stored = (byte[]) cache.getRaw(cache.scan("*products*").findFirst().orElseThrow());
    String json = new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
    assertThat(json).startsWith("[{\"@generated\":[\"" + Catalog.Product.class.getName() + "\",\"");
    assertThat(json).contains("\"name\":\"product 0\"", "\"category\":\"BOOKS\"", "\"@type\":\"Sale\"",
        "\"until\":\"2026-12-24\"", "\"since\":\"2023-11-14T22:13:20.000000005Z\"", "\"value\":\"LAST_ONE\"");
  }
}
