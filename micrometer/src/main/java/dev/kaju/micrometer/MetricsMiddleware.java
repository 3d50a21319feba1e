package dev.kaju.micrometer;

import dev.kaju.Command;
import dev.kaju.Middleware;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Times each command of one backend into its {@link Meters}. The command's result or exception
 * reaches the caller unchanged: recording never throws ({@link Meters} catches what the registry
 * throws).
 */
final class MetricsMiddleware implements Middleware {
  private final Meters meters;

  MetricsMiddleware(Meters meters) {
    this.meters = meters;
  }

  @Override
  public @Nullable Object handle(Command.Call<?> call, Chain chain) {
    long start = System.nanoTime();
    Object result;
    try {
      result = chain.proceed(call);
    } catch (RuntimeException | Error e) {
      meters.time(call.command(), Meters.ERROR, System.nanoTime() - start);
      throw e;
    }
    if (chain.async() && result instanceof CompletionStage) {
      return whenDone(call, (CompletionStage<?>) result, start);
    }
    record(call, result, System.nanoTime() - start);
    return result;
  }

  /**
   * The async path: records when {@code stage} completes, on the thread that completes it, and
   * returns a stage that completes after the recording with the same value or the same exception
   * (not wrapped once more), so the caller's next step sees the meters updated.
   */
  private CompletionStage<?> whenDone(Command.Call<?> call, CompletionStage<?> stage, long start) {
    if (stage instanceof CompletableFuture<?> done && done.isDone()) { // answered at once (memory): no extra stage
      if (done.isCompletedExceptionally()) {
        meters.time(call.command(), Meters.ERROR, System.nanoTime() - start);
      } else {
        record(call, done.getNow(null), System.nanoTime() - start);
      }
      return stage;
    }
    CompletableFuture<Object> out = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      long nanos = System.nanoTime() - start;
      if (error != null) {
        meters.time(call.command(), Meters.ERROR, nanos);
        out.completeExceptionally(error);
      } else {
        record(call, value, nanos);
        out.complete(value);
      }
    });
    return out;
  }

  /** Records a command that returned {@code result}. */
  private void record(Command.Call<?> call, @Nullable Object result, long nanos) {
    Command c = call.command();
    switch (c) {
      case GET:
      case GET_RAW:
        boolean hit = result != null;
        meters.time(c, hit ? Meters.HIT : Meters.MISS, nanos);
        meters.gets(hit ? 1 : 0, hit ? 0 : 1);
        return;
      case GET_MANY:
        meters.time(c, Meters.OK, nanos);
        if (result instanceof List<?> values) {
          long hits = 0;
          for (Object v : values) {
            if (v != null) {
              hits++;
            }
          }
          meters.gets(hits, values.size() - hits);
        }
        return;
      case SET:
      case SET_RAW:
        meters.time(c, Meters.OK, nanos);
        if (Boolean.TRUE.equals(result)) {
          meters.puts(1);
        }
        return;
      case SET_MANY:
        meters.time(c, Meters.OK, nanos);
        meters.puts(((Command.SetMany) call).values().size());
        return;
      default:
        meters.time(c, Meters.OK, nanos);
    }
  }
}
