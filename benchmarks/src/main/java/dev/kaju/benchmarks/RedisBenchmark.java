package dev.kaju.benchmarks;

import dev.kaju.Cache;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hit on Redis: Kaju's generated class on {@code redis://} (plain, and with the
 * {@code client_side} near cache) against a raw Lettuce {@code GET} of the same key and Lettuce's
 * own client-side caching frontend. Starts its own {@code redis-server} on a free port.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisBenchmark {
  private static final int KEYS = 1024;

  private RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private StatefulRedisConnection<String, String> trackingConnection;
  private RedisCommands<String, String> redis;
  private CacheFrontend<String, String> frontend;
  private Cache plain;
  private Cache near;
  private Catalog kajuPlain;
  private Catalog kajuNear;
  private final RealCatalog real = new RealCatalog();
  private final long[] ids = new long[KEYS];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = RedisServer.start();
    String url = server.url();
    client = RedisClient.create(url);
    connection = client.connect();
    redis = connection.sync();
    trackingConnection = client.connect();
    frontend = ClientSideCaching.enable(
        CacheAccessor.forMap(new ConcurrentHashMap<>()), trackingConnection, TrackingArgs.Builder.enabled());
    plain = Cache.create().setup(url);
    near = Cache.create().setup(url + "?client_side=true");
    kajuPlain = new CatalogCached(real, plain);
    kajuNear = new CatalogCached(real, near);
    for (int i = 0; i < KEYS; i++) {
      ids[i] = 1_000_000L + i * 7919L;
      redis.set("raw:product:" + ids[i], real.product(ids[i]));
      frontend.get("raw:product:" + ids[i]);
      kajuPlain.product(ids[i]);
      kajuNear.product(ids[i]);
      kajuNear.product(ids[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    plain.close();
    near.close();
    frontend.close();
    connection.close();
    client.shutdown();
    server.close();
  }

  private int nextIndex() {
    return next = (next + 1) & (KEYS - 1);
  }

  @Benchmark
  public String lettuce_rawGet() {
    long id = ids[nextIndex()];
    String key = "raw:product:" + id;
    String value = redis.get(key);
    if (value == null) {
      value = real.product(id);
      redis.set(key, value);
    }
    return value;
  }

  @Benchmark
  public String lettuce_clientSideCachingNearCache() {
    long id = ids[nextIndex()];
    return frontend.get("raw:product:" + id, () -> real.product(id));
  }

  @Benchmark
  public String kaju_generatedRedis() {
    return kajuPlain.product(ids[nextIndex()]);
  }

  @Benchmark
  public String kaju_generatedNearCache() {
    return kajuNear.product(ids[nextIndex()]);
  }
}
