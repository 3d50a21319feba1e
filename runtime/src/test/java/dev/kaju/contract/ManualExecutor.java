package dev.kaju.contract;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: a test runs the queued work when it chooses ({@link #runAll}), so
 * background recomputations ({@code @Early}, {@code @Hit}) happen at a known point, on the test's
 * thread.
 */
public final class ManualExecutor implements Executor {
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(Runnable command) {
    queue.add(command);
  }

  /** How many tasks wait. */
  public int pending() {
    return queue.size();
  }

  /** Runs the queued tasks, and those they queue, until none is left; returns how many ran. */
  public int runAll() {
    int ran = 0;
    for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
      r.run();
      ran++;
    }
    return ran;
  }
}
