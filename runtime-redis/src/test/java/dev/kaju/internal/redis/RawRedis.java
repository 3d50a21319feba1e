package dev.kaju.internal.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain Lettuce connection beside the backend under test: another client, or an attacker. */
final class RawRedis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;

  RawRedis(RedisServer server) {
    client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    connection = client.connect(ByteArrayCodec.INSTANCE);
  }

  RedisCommands<byte[], byte[]> redis() {
    return connection.sync();
  }

  byte[] get(String key) {
    return redis().get(bytes(key));
  }

  void set(String key, byte[] value) {
    redis().set(bytes(key), value);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
