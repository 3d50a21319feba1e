package dev.kaju.internal.chronicle;

import dev.kaju.Cache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link MultiProcessTest}: opens the disk cache in {@code args[1]} and does
 * {@code args[0]}, printing one line per result.
 */
public final class DiskChild {
  private DiskChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String url = "disk://?entries=10000&directory=" + args[1];
    if (mode.equals("entries")) { // entries <dir> n: opens the directory with entries=n, prints "open" or why not
      try (Cache cache = Cache.create().setup("disk://?entries=" + args[2] + "&directory=" + args[1])) {
        System.out.println("open");
      } catch (IllegalArgumentException e) {
        System.out.println("refused: " + e.getMessage());
      }
      return;
    }
    if (mode.equals("exit")) { // exit <dir> key value: stores, then exits without closing the cache
      Cache.create().setup(url).set(args[2], args[3]);
      System.exit(0);
    }
    try (Cache cache = Cache.create().setup(url)) {
      System.out.println("open");
      System.out.flush();
      switch (mode) {
        case "read": // read <dir> key...
          for (int i = 2; i < args.length; i++) {
            System.out.println(args[i] + "=" + cache.get(args[i]));
          }
          break;
        case "lock": // lock <dir> key value: tries to take the lock, then to release it with its own value
          System.out.println("setLock=" + cache.setLock(args[2], args[3], Duration.ofMinutes(1)));
          System.out.println("unlock=" + cache.unlock(args[2], args[3]));
          System.out.println("isLocked=" + cache.isLocked(args[2]));
          break;
        case "incr": // incr <dir> key times: waits for "go" on stdin first
          System.in.read();
          long last = 0;
          for (int i = 0, n = Integer.parseInt(args[3]); i < n; i++) {
            last = cache.incr(args[2]);
          }
          System.out.println("last=" + last);
          break;
        case "write": // write <dir>: sets w:0, w:1, ... printing each key once set returned, until killed
          for (int i = 0; ; i++) {
            cache.set("w:" + i, "value-" + i + "-" + "x".repeat(i % 50));
            System.out.println("w:" + i); // System.out flushes on println: a printed key was stored
          }
        default:
          throw new IllegalArgumentException(mode);
      }
    }
    System.out.flush();
  }

  /** Starts this class in a new JVM with the test class path, the Chronicle flags unless {@code flags} is false. */
  static Process start(boolean flags, String mode, Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (flags) {
      command.addAll(JvmFlags.all());
    }
    command.add("-Dchronicle.analytics.disable=true");
    command.add("-Xmx128m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DiskChild.class.getName());
    command.add(mode);
    command.add(dir.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
  }

  static void awaitExit(Process p) throws InterruptedException {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 60 s");
    }
  }
}
