package dev.kaju.internal.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a test Redis that can be told to go silent: {@link #freeze}
 * stops forwarding bytes in both directions while every socket stays open (no FIN, no RST), as a
 * network partition or a dropped NAT entry does; {@link #thaw} delivers what was held back and
 * forwards again.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean frozen;
  private volatile boolean closed;

  TcpProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "test-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  String url() {
    return "redis://127.0.0.1:" + port();
  }

  /** Stops every byte, both ways, on every connection; the sockets stay open. */
  void freeze() {
    synchronized (gate) {
      frozen = true;
    }
  }

  /** Forwards again, held-back bytes first. */
  void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void awaitThawed() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait();
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, "up");
        pump(server, client, "down");
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (true) {
          awaitThawed(); // frozen: read nothing, so the bytes wait in the kernel buffers
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          awaitThawed(); // frozen while reading: hold what was read
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side or the proxy closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "test-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    thaw();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(TcpProxy::closeQuietly);
  }
}
