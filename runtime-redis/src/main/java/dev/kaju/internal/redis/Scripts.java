package dev.kaju.internal.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The Lua scripts of the backend: each runs by its SHA1 and is sent again after a NOSCRIPT. */
final class Scripts {
  /** Marks a Redis error a script raises on a key of the wrong kind. */
  static final String WRONG_KIND = "KAJU_WRONG_KIND";

  /** KEYS[1] counter; ARGV[1] by, ARGV[2] TTL in ms: INCRBY, with the TTL only when this call created the key. */
  static final Script INCR_EXPIRE =
      new Script(
          "local created = redis.call('EXISTS', KEYS[1]) == 0\n"
              + "local v = redis.call('INCRBY', KEYS[1], ARGV[1])\n"
              + "if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
              + "return v");

  /** KEYS[1] lock; ARGV[1] the holder's value: compare-and-delete. */
  static final Script UNLOCK =
      new Script(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
              + "return 0");

  /**
   * KEYS[1] window; ARGV[1] start, ARGV[2] end, ARGV[3] max, ARGV[4] a unique member, ARGV[5] TTL
   * in ms or empty: drop entries below start, count [start, end], add end when under max.
   */
  static final Script SLICE_INCR =
      new Script(
          "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])\n"
              + "local c = redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[2])\n"
              + "if c < tonumber(ARGV[3]) then\n"
              + "  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])\n"
              + "  c = c + 1\n"
              + "end\n"
              + "if ARGV[5] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end\n"
              + "return c");

  /** KEYS[1] set; ARGV[1] TTL in ms, ARGV[2..] members: SADD (in chunks), then PEXPIRE. */
  static final Script SET_ADD =
      new Script(
          "local n = 0\n"
              + "for i = 2, #ARGV, 1000 do\n"
              + "  n = n + redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))\n"
              + "end\n"
              + "redis.call('PEXPIRE', KEYS[1], ARGV[1])\n"
              + "return n");

  /**
   * KEYS[1] bit array; ARGV[1] the header, ARGV[2] the type (u5), ARGV[3] by, ARGV[4..] bit
   * offsets: creates the array with its header, then BITFIELD OVERFLOW SAT INCRBY each counter.
   */
  static final Script INCR_BITS =
      new Script(
          "if redis.call('EXISTS', KEYS[1]) == 0 then\n"
              + "  redis.call('SET', KEYS[1], ARGV[1])\n"
              + "elseif redis.call('GETRANGE', KEYS[1], 0, #ARGV[1] - 1) ~= ARGV[1] then\n"
              + "  return redis.error_reply('" + WRONG_KIND + " not a bit array')\n"
              + "end\n"
              + "local args = {'OVERFLOW', 'SAT'}\n"
              + "for i = 4, #ARGV do\n"
              + "  args[#args + 1] = 'INCRBY'; args[#args + 1] = ARGV[2]; args[#args + 1] = ARGV[i]; args[#args + 1] = ARGV[3]\n"
              + "end\n"
              + "return redis.call('BITFIELD', KEYS[1], unpack(args))");

  /** KEYS[1] bit array; ARGV[1] the header, ARGV[2] the type, ARGV[3..] bit offsets: empty when not a bit array. */
  static final Script GET_BITS =
      new Script(
          "if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('TYPE', KEYS[1]).ok ~= 'string'\n"
              + "    or redis.call('GETRANGE', KEYS[1], 0, #ARGV[1] - 1) ~= ARGV[1] then\n"
              + "  return {}\n"
              + "end\n"
              + "local args = {}\n"
              + "for i = 3, #ARGV do\n"
              + "  args[#args + 1] = 'GET'; args[#args + 1] = ARGV[2]; args[#args + 1] = ARGV[i]\n"
              + "end\n"
              + "return redis.call('BITFIELD', KEYS[1], unpack(args))");

  private Scripts() {}

  /**
   * A transaction's commit as one step: KEYS the keys written, in order; ARGV per key its op and
   * arguments: {@code S} value TTL-in-ms-or-empty, {@code D}, {@code I} by TTL-in-ms-or-empty (the
   * TTL only when the increment creates the key), {@code E} TTL in ms, {@code U} the holder's value
   * (a lock released if still held by it: compare-and-delete). Increments are checked
   * before anything is written, so a counter holding something else fails the whole commit.
   */
  static final Script COMMIT =
      new Script(
          "local a = 1\n"
              + "for i = 1, #KEYS do\n"
              + "  local op = ARGV[a]\n"
              + "  if op == 'I' then\n"
              + "    local v = redis.call('GET', KEYS[i])\n"
              + "    if v and not tonumber(v) then return redis.error_reply('" + WRONG_KIND + " ' .. KEYS[i]) end\n"
              + "    a = a + 3\n"
              + "  elseif op == 'S' then a = a + 3\n"
              + "  elseif op == 'E' or op == 'U' then a = a + 2\n"
              + "  else a = a + 1 end\n"
              + "end\n"
              + "a = 1\n"
              + "for i = 1, #KEYS do\n"
              + "  local op = ARGV[a]\n"
              + "  if op == 'S' then\n"
              + "    if ARGV[a + 2] == '' then redis.call('SET', KEYS[i], ARGV[a + 1])\n"
              + "    else redis.call('SET', KEYS[i], ARGV[a + 1], 'PX', ARGV[a + 2]) end\n"
              + "    a = a + 3\n"
              + "  elseif op == 'D' then redis.call('DEL', KEYS[i]); a = a + 1\n"
              + "  elseif op == 'I' then\n"
              + "    local created = redis.call('EXISTS', KEYS[i]) == 0\n"
              + "    redis.call('INCRBY', KEYS[i], ARGV[a + 1])\n"
              + "    if created and ARGV[a + 2] ~= '' then redis.call('PEXPIRE', KEYS[i], ARGV[a + 2]) end\n"
              + "    a = a + 3\n"
              + "  elseif op == 'E' then redis.call('PEXPIRE', KEYS[i], ARGV[a + 1]); a = a + 2\n"
              + "  elseif op == 'U' then\n"
              + "    if redis.call('GET', KEYS[i]) == ARGV[a + 1] then redis.call('DEL', KEYS[i]) end\n"
              + "    a = a + 2\n"
              + "  end\n"
              + "end\n"
              + "return #KEYS");

  /** One script: its text and SHA1. */
  static final class Script {
    final byte[] text;
    final String sha;

    Script(String text) {
      this.text = text.getBytes(StandardCharsets.UTF_8);
      this.sha = sha1(this.text);
    }

    /**
     * Sends the script by its SHA1, and its text when the server answers NOSCRIPT (a new or
     * restarted Redis); the text goes out from the thread that received the NOSCRIPT, without
     * waiting.
     */
    <T> CompletionStage<T> send(
        RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type, byte[] key, byte[]... args) {
      return send(redis, type, new byte[][] {key}, args);
    }

    /** {@link #send(RedisClusterAsyncCommands, ScriptOutputType, byte[], byte[]...)} with several keys. */
    <T> CompletionStage<T> send(
        RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type, byte[][] keys, byte[]... args) {
      CompletableFuture<T> bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
      return bySha.exceptionallyCompose(
          e -> unwrap(e) instanceof RedisNoScriptException
              ? redis.<T>eval(text, type, keys, args)
              : CompletableFuture.failedFuture(unwrap(e)));
    }

    private static Throwable unwrap(Throwable e) {
      return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String sha1(byte[] text) {
      try {
        byte[] d = MessageDigest.getInstance("SHA-1").digest(text);
        StringBuilder hex = new StringBuilder(40);
        for (byte b : d) {
          hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JVM", e);
      }
    }
  }
}
