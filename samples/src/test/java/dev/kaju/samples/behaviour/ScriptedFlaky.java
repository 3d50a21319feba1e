package dev.kaju.samples.behaviour;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Flaky whose methods return their argument, or throw {@link #failWith} while it is set (checked
 * or not, as it is). Counts the calls.
 */
final class ScriptedFlaky implements Flaky {
  final AtomicInteger calls = new AtomicInteger();
  volatile Throwable failWith;

  private String run(String answer) throws IOException {
    calls.incrementAndGet();
    Throwable t = failWith;
    if (t != null) {
      throw ScriptedFlaky.<RuntimeException>sneaky(t);
    }
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private String unchecked(String answer) {
    try {
      return run(answer);
    } catch (IOException e) {
      throw ScriptedFlaky.<RuntimeException>sneaky(e); // thrown as it is, as failWith says
    }
  }

  private CompletableFuture<String> future(String answer) {
    try {
      return CompletableFuture.completedFuture(run(answer));
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  @Override
  public String simple(String answer) {
    return unchecked(answer);
  }

  @Override
  public String defaults(String city) {
    return unchecked(city);
  }

  @Override
  public String io(String city) throws IOException {
    return run(city);
  }

  @Override
  public String over(String answer) {
    return unchecked(answer);
  }

  @Override
  public String under(String answer) {
    return unchecked(answer);
  }

  @Override
  public CompletableFuture<String> async(String answer) {
    return future(answer);
  }

  @Override
  public CompletionStage<String> asyncOver(String answer) {
    return future(answer);
  }

  @Override
  public CompletableFuture<String> asyncUnder(String answer) {
    return future(answer);
  }

  @Override
  public List<String> list(String a) {
    return List.of(unchecked(a));
  }
}
