package dev.kaju;

import org.jspecify.annotations.Nullable;

/**
 * Told the result of each command it listens to, after the command ran; see
 * {@link Cache#callback}. For a command on several keys it is called once per key ({@code GET_MANY}
 * with each key's value); for a pattern command {@code key} is the pattern; for a command without a
 * key it is {@code ""}. A callback that throws is logged and otherwise ignored: the command's result
 * stands.
 */
@FunctionalInterface
public interface Callback {
  void onResult(Command command, String key, @Nullable Object result);
}
