package dev.kaju.internal.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the tests' own, on a free loopback port: no persistence, stopped at
 * {@link #close} (and at JVM exit). It can be killed and started again on the same port to test
 * outages. It never touches the Redis on 6379.
 *
 * <p>Without {@code redis-server} on the PATH the tests fail (CI installs it); they do not skip.
 */
final class RedisServer implements AutoCloseable {
  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private @org.jspecify.annotations.Nullable Path sentinelConfig;
  private Process process;

  private RedisServer(int port, List<String> extraArgs) throws IOException {
    this.port = port;
    this.extraArgs = extraArgs;
    this.dir = Files.createTempDirectory("kaju-redis-" + port + "-");
  }

  /** Starts a server on a free port and waits until it answers PING. */
  static RedisServer start(String... extraArgs) {
    try {
      RedisServer s = new RedisServer(freePort(), List.of(extraArgs));
      s.startProcess();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server: " + e, e);
    }
  }

  /** Starts a Redis Sentinel on a free port, monitoring the master at {@code masterPort} as {@code name}. */
  static RedisServer startSentinel(String name, int masterPort) {
    try {
      RedisServer s = new RedisServer(freePort(), List.of());
      s.sentinelConfig = s.dir.resolve("sentinel.conf");
      Files.writeString(
          s.sentinelConfig,
          "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 1\n"
              + "sentinel down-after-milliseconds " + name + " 1000\n");
      s.startProcess();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server --sentinel: " + e, e);
    }
  }

  /** Starts a server on {@code port} (one a test picked with {@link #freePort} and used before). */
  static RedisServer startOn(int port, String... extraArgs) {
    try {
      RedisServer s = new RedisServer(port, List.of(extraArgs));
      s.startProcess();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("could not start redis-server: " + e, e);
    }
  }

  static String binary() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, "redis-server");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    throw new IllegalStateException(
        "redis-server is not on the PATH: the Redis backend tests start their own server. Install it"
            + " (apt-get install redis-server, brew install redis) and run the tests again.");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  private void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    if (sentinelConfig != null) {
      cmd.addAll(List.of(sentinelConfig.toString(), "--sentinel"));
    } else {
      cmd.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    cmd.addAll(List.of(
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no",
        "--loglevel", "warning"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    Process p = process;
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "redis-server on port " + port + " exited with " + p.exitValue() + ": " + log());
      }
      if (pings()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 10 s: " + log());
      }
      sleep(20);
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Whether the server answers PING now. */
  boolean pings() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      String answer = new String(buf, 0, n, StandardCharsets.US_ASCII);
      return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"); // up, with a password

    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends one inline command and returns the reply as text: a status or error line, an integer,
   * or a bulk string.
   */
  String command(String inline) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      String line = readLine(in);
      if (line.startsWith("$")) {
        int n = Integer.parseInt(line.substring(1));
        return n < 0 ? "" : new String(in.readNBytes(n), StandardCharsets.UTF_8);
      }
      return line.substring(1);
    } catch (IOException e) {
      throw new IllegalStateException("'" + inline + "' on port " + port + " failed: " + e, e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** Kills the server (SIGKILL) and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Pauses the server (SIGSTOP): connections stay open, commands get no answer. */
  void pause() {
    signal("STOP");
  }

  /** Resumes a paused server (SIGCONT). */
  void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      k.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + name + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server again on the same port, empty. */
  void restart() {
    try {
      startProcess();
    } catch (IOException e) {
      throw new IllegalStateException("could not restart redis-server: " + e, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server and removes its directory. */
  @Override
  public void close() {
    kill();
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
