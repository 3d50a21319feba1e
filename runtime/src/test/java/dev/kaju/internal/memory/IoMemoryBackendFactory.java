package dev.kaju.internal.memory;

import dev.kaju.Command;
import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.Option;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code iomem://}, for tests: the memory backend dressed as one that does I/O. It says it blocks,
 * and answers {@code executeAsync} on its own "I/O thread", as Redis answers on Lettuce's, so the
 * async pipeline runs exactly as it does against a server.
 */
public final class IoMemoryBackendFactory implements BackendFactory {
  /** The names of the threads that completed async calls, so tests can see where they ran. */
  public static final String IO_THREAD = "test-iomem-io";

  /** When set, every async call waits for it on the I/O thread: a frozen server. */
  public static volatile java.util.concurrent.CountDownLatch frozen;

  @Override
  public Set<String> schemes() {
    return Set.of("iomem");
  }

  @Override
  public List<Option> options() {
    return new MemoryBackendFactory().options();
  }

  @Override
  public Backend create(BackendConfig config) {
    Backend memory = new MemoryBackendFactory().create(config);
    ExecutorService io = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, IO_THREAD);
      t.setDaemon(true);
      return t;
    });
    return (Backend) Proxy.newProxyInstance(
        Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "blocking":
              return true;
            case "executeAsync":
              Command.Call<?> call = (Command.Call<?>) args[0];
              return CompletableFuture.supplyAsync(() -> {
                java.util.concurrent.CountDownLatch gate = frozen;
                if (gate != null) {
                  try {
                    gate.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                return call.apply(memory);
              }, io);
            case "close":
              io.shutdownNow();
              memory.close();
              return null;
            case "toString":
              return "iomem";
            default:
              try {
                return method.invoke(memory, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
          }
        });
  }
}
