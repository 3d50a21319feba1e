package dev.kaju.micrometer;

import dev.kaju.Command;
import dev.kaju.Middleware;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Times each command of one backend into its {@link Meters}, tagged with the strategy of the
 * generated call that sent it ({@link Chain#strategy()}; {@code none} for the {@code Cache} API). The command's result or exception
 * reaches the caller unchanged: recording never throws ({@link Meters} catches what the registry
 * throws).
 */
final class MetricsMiddleware implements Middleware {
  private final Meters meters;

  MetricsMiddleware(Meters meters) {
    this.meters = meters;
  }

  @Override
  public boolean needsStrategy() {
    return true;
  }

  @Override
  public @Nullable Object handle(Command.Call<?> call, Chain chain) {
    String strategy = Meters.strategy(chain.strategy());
    long start = System.nanoTime();
    Object result;
    try {
      result = chain.proceed(call);
    } catch (RuntimeException | Error e) {
      meters.time(call.command(), Meters.ERROR, strategy, System.nanoTime() - start);
      throw e;
    }
    if (chain.async() && result instanceof CompletionStage) {
      return whenDone(call, (CompletionStage<?>) result, strategy, start);
    }
    record(call, result, strategy, System.nanoTime() - start);
    return result;
  }

  /**
   * The async path: records when {@code stage} completes, on the thread that completes it, and
   * returns a stage that completes after the recording with the same value or the same exception
   * (not wrapped once more), so the caller's next step sees the meters updated.
   */
  private CompletionStage<?> whenDone(Command.Call<?> call, CompletionStage<?> stage, String strategy, long start) {
    if (stage instanceof CompletableFuture<?> done && done.isDone()) { // answered at once (memory): no extra stage
      if (done.isCompletedExceptionally()) {
        meters.time(call.command(), Meters.ERROR, strategy, System.nanoTime() - start);
      } else {
        record(call, done.getNow(null), strategy, System.nanoTime() - start);
      }
      return stage;
    }
    CompletableFuture<Object> out = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      long nanos = System.nanoTime() - start;
      if (error != null) {
        meters.time(call.command(), Meters.ERROR, strategy, nanos);
        out.completeExceptionally(error);
      } else {
        record(call, value, strategy, nanos);
        out.complete(value);
      }
    });
    return out;
  }

  /** Records a command that returned {@code result}. */
  private void record(Command.Call<?> call, @Nullable Object result, String strategy, long nanos) {
    Command c = call.command();
    switch (c) {
      case GET:
      case GET_RAW:
        boolean hit = result != null;
        meters.time(c, hit ? Meters.HIT : Meters.MISS, strategy, nanos);
        meters.gets(hit ? 1 : 0, hit ? 0 : 1);
        return;
      case GET_MANY:
        meters.time(c, Meters.OK, strategy, nanos);
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
        meters.time(c, Meters.OK, strategy, nanos);
        if (Boolean.TRUE.equals(result)) {
          meters.puts(1);
        }
        return;
      case SET_MANY:
        meters.time(c, Meters.OK, strategy, nanos);
        meters.puts(((Command.SetMany) call).values().size());
        return;
      default:
        meters.time(c, Meters.OK, strategy, nanos);
    }
  }
}
