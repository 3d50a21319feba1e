package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeyContext: scopes nest and restore; a snapshot carries them to another thread")
class KeyContextTest {

  @Test
  @DisplayName("ctx-05: scopes nest, and closing one restores the outer values")
  void nesting() {
    try (KeyContext.Scope outer = KeyContext.with("a", 1)) {
      try (KeyContext.Scope inner = KeyContext.with("a", 2)) {
        assertThat(KeyContext.get("a")).isEqualTo(2);
      }
      assertThat(KeyContext.get("a")).isEqualTo(1);
    }
    assertThat(KeyContext.contains("a")).isFalse();
  }

  @Test
  @DisplayName("snapshot: empty outside a scope; inside, the merged values, unmodifiable and unchanged by later scopes")
  void snapshot() throws Exception {
    assertThat(KeyContext.snapshot()).isEmpty();
    Map<String, Object> taken;
    try (KeyContext.Scope outer = KeyContext.with("tenant", "acme")) {
      try (KeyContext.Scope inner = KeyContext.with("user", null)) {
        taken = KeyContext.snapshot();
        try (KeyContext.Scope later = KeyContext.with("tenant", "other")) {
          assertThat(taken).containsEntry("tenant", "acme").containsEntry("user", null).hasSize(2);
        }
      }
    }
    Map<String, Object> snapshot = taken;
    assertThatThrownBy(() -> snapshot.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    String seen = CompletableFuture.supplyAsync(() -> {
      try (KeyContext.Scope s = KeyContext.with(snapshot)) {
        return KeyContext.get("tenant") + "/" + KeyContext.contains("user");
      }
    }).get();
    assertThat(seen).isEqualTo("acme/true");
  }
}
