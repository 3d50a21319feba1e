package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import dev.kaju.TransactionMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The other processes of {@link DiskTransactionsTest}: opens the disk cache in {@code args[0]} and
 * runs {@code args[2]} transactions of mode {@code args[1]}, each an {@code incr} of {@code counter}.
 */
public final class TransactionChild {
  private TransactionChild() {}

  public static void main(String[] args) {
    TransactionMode mode = TransactionMode.valueOf(args[1]);
    int runs = Integer.parseInt(args[2]);
    try (Cache cache = Cache.create().setup("disk://?entries=10000&directory=" + args[0])) {
      for (int i = 0; i < runs; i++) {
        cache.transaction(mode, Duration.ofSeconds(30), () -> {
          cache.incr("counter");
        });
      }
    }
    System.out.println("done");
    System.out.flush();
  }

  static Process start(Path dir, TransactionMode mode, int runs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmFlags.all());
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TransactionChild.class.getName());
    command.add(dir.toString());
    command.add(mode.name());
    command.add(Integer.toString(runs));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
