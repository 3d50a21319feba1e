package dev.kaju.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A {@code redis-server} of a benchmark's own, on a free port of 127.0.0.1, without persistence. */
final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts one and returns once it answers {@code PING}. */
  static RedisServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RedisServer server = new RedisServer(process, port);
    for (int i = 0; !server.answers(); i++) {
      if (i > 100 || !process.isAlive()) {
        process.destroy();
        throw new IOException("redis-server on port " + port + " did not answer PING");
      }
      Thread.sleep(50);
    }
    return server;
  }

  private boolean answers() {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readNBytes(7);
      return "+PONG\r\n".equals(new String(answer, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
