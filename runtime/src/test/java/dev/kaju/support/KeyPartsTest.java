package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeyParts.exact: the default key's injective rendering")
class KeyPartsTest {

  enum Color { RED }

  @Test
  @DisplayName("text keeps its letters and percent-encodes the separators; null, empty Optional and bytes have their own marks")
  void scalars() {
    assertThat(KeyParts.exact("plain")).isEqualTo("plain");
    assertThat(KeyParts.exact("a:b,c=d[e]{f}%")).isEqualTo("a%3Ab%2Cc%3Dd%5Be%5D%7Bf%7D%25");
    assertThat(KeyParts.exact((String) null)).isEqualTo("%null");
    assertThat(KeyParts.exact((Object) null)).isEqualTo("%null");
    assertThat(KeyParts.exact(Optional.empty())).isEqualTo("%empty");
    assertThat(KeyParts.exact(Optional.of("x"))).isEqualTo("x");
    assertThat(KeyParts.exact("ab".getBytes(StandardCharsets.UTF_8))).isEqualTo("%x6162");
    assertThat(KeyParts.exact(':')).isEqualTo("%3A");
    assertThat(KeyParts.exact((Object) 42L)).isEqualTo("42");
    assertThat(KeyParts.exact((Object) true)).isEqualTo("true");
    assertThat(KeyParts.exact(Color.RED)).isEqualTo("RED");
    assertThat(KeyParts.exact(new char[] {'a', ':'})).isEqualTo("a%3A");
  }

  @Test
  @DisplayName("collections, arrays and maps nest, with %- for an empty string inside them")
  void containers() {
    assertThat(KeyParts.exact(List.of())).isEqualTo("[]");
    assertThat(KeyParts.exact(List.of(""))).isEqualTo("[%-]");
    assertThat(KeyParts.exact(Arrays.asList("a", null, ""))).isEqualTo("[a,%null,%-]");
    assertThat(KeyParts.exact(List.of(List.of("a", "b"), List.of()))).isEqualTo("[[a,b],[]]");
    assertThat(KeyParts.exact(new int[] {1, 2})).isEqualTo("[1,2]");
    assertThat(KeyParts.exact(new String[] {"x,y"})).isEqualTo("[x%2Cy]");
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("b", 2);
    map.put("a", List.of(1));
    assertThat(KeyParts.exact(map)).isEqualTo("{a=[1],b=2}");
    assertThat(KeyParts.exact(new TreeMap<>(Map.of("", "")))).isEqualTo("{%-=%-}");
  }

  @Test
  @DisplayName("different values of one declared type never render alike")
  void injective() {
    assertDistinct(Arrays.asList(null, "", "%null", "%empty", "%-", "x:b:y", "x%3Ab%3Ay", "[a]", "a,b", "{}"));
    assertDistinct(Arrays.asList(null, Optional.empty(), Optional.of(""), Optional.of("%empty"), Optional.of("%null")));
    assertDistinct(Arrays.asList(null, List.of(), List.of(""), List.of("", ""), List.of("a,b"), List.of("a", "b"),
        Arrays.asList((String) null), List.of("%null"), List.of("%-"), List.of("[]")));
    assertDistinct(Arrays.asList(null, Map.of(), Map.of("a", "b"), Map.of("a=b", ""), Map.of("", "a=b"), Map.of("a", "b,c")));
    assertDistinct(Arrays.asList(null, new byte[0], "ab".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xAB}));
  }

  private static void assertDistinct(List<Object> values) {
    List<String> rendered = values.stream().map(KeyParts::exact).toList();
    assertThat(rendered).as(rendered.toString()).doesNotHaveDuplicates();
  }
}
