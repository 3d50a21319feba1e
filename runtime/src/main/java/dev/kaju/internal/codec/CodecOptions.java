package dev.kaju.internal.codec;

import dev.kaju.internal.RateLimitedLog;
import dev.kaju.internal.setup.Options;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.Option;
import dev.kaju.spi.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The codec options of byte-storing backends, and the building of a codec from them. */
public final class CodecOptions {
  static final Option SECRET =
      Option.of(
          "secret",
          Option.Type.STRING,
          null,
          "signs every stored value (but incr's counters) with an HMAC of its key and bytes; a bad or missing"
              + " signature reads as a miss; required by serializer=java");
  static final Option DIGESTMOD =
      Option.of("digestmod", Option.Type.STRING, "sha256", "the signature's digest: sha256, sha1, md5 or sum");
  static final Option SERIALIZER =
      Option.of(
          "serializer",
          Option.Type.STRING,
          "binary",
          "how values become bytes: binary, json (Jackson) or java (Java serialization, with java_allow and a"
              + " secret)");
  static final Option JAVA_ALLOW =
      Option.of(
          "java_allow",
          Option.Type.STRING,
          null,
          "for serializer=java: the classes it may read, as ObjectInputFilter patterns such as"
              + " com.example.**;java.util.*");

  // No defaults in the Options themselves: given with another serializer they are refused, not ignored.
  static final Option JAVA_MAXBYTES =
      Option.of(
          "java_maxbytes",
          Option.Type.POSITIVE_LONG,
          null,
          "for serializer=java: the longest stream it reads, in bytes (default " + JavaFormat.DEFAULT_MAX_BYTES + ")");
  static final Option JAVA_MAXREFS =
      Option.of(
          "java_maxrefs",
          Option.Type.POSITIVE_LONG,
          null,
          "for serializer=java: the most objects and references a stream may hold (default "
              + JavaFormat.DEFAULT_MAX_REFS + ")");
  static final Option JAVA_UNSIGNED_UNSAFE =
      Option.of(
          "java_unsigned_unsafe",
          Option.Type.BOOLEAN,
          null,
          "for serializer=java: true to run it without a secret, so that any bytes written to the store reach"
              + " Java deserialization (a few KB can pin a thread forever); only for a store no one else can write");

  static final Option COMPRESS =
      Option.of(
          "compress",
          Option.Type.STRING,
          null,
          "gzip or zlib: compresses values of compress_min bytes or more, before signing, when that makes them"
              + " shorter; every codec reads compressed values whatever this says");
  // No default in the Option: given without compress it is refused, not ignored.
  static final Option COMPRESS_MIN =
      Option.of(
          "compress_min",
          Option.Type.NON_NEGATIVE_LONG,
          null,
          "with compress: the shortest value it compresses, in bytes (default " + Compression.DEFAULT_MIN
              + "; 0 compresses every value, as cashews does)");
  static final Option COMPRESS_MAX =
      Option.of(
          "compress_max",
          Option.Type.POSITIVE_LONG,
          Long.toString(Compression.DEFAULT_MAX),
          "the most bytes a compressed value may inflate to when read (more is a miss, so a planted zip bomb"
              + " allocates no more); longer values are stored uncompressed");

  /** What {@code ValueCodec.options()} returns. */
  public static final List<Option> ALL =
      List.of(
          SECRET,
          DIGESTMOD,
          SERIALIZER,
          JAVA_ALLOW,
          JAVA_MAXBYTES,
          JAVA_MAXREFS,
          JAVA_UNSIGNED_UNSAFE,
          COMPRESS,
          COMPRESS_MIN,
          COMPRESS_MAX);
  private static final List<Option> JAVA_ONLY = List.of(JAVA_ALLOW, JAVA_MAXBYTES, JAVA_MAXREFS, JAVA_UNSIGNED_UNSAFE);

  private static final List<String> SERIALIZERS = List.of("binary", "json", "java");

  private CodecOptions() {}

  /** The codec {@code config} describes, logging to the {@code dev.kaju} logger. */
  public static ValueCodec codec(BackendConfig config) {
    // A lambda, not JsonFormat::new: linking a constructor reference loads JsonFormat (and Jackson) at once,
    // outside the catch of NoClassDefFoundError in json().
    return codec(
        config,
        new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofSeconds(10)),
        binary -> new JsonFormat(binary));
  }

  /**
   * The codec {@code config} describes.
   *
   * @param json makes the JSON format over the binary one; throws {@link NoClassDefFoundError}
   *     without Jackson
   */
  static ValueCodec codec(BackendConfig config, RateLimitedLog log, Function<BinaryFormat, PayloadFormat> json) {
    String digestName = option(config, DIGESTMOD);
    Digest digest = Digest.byName(digestName);
    if (digest == null) {
      throw new IllegalArgumentException(
          "bad value '" + digestName + "' for option digestmod: expected one of " + Digest.names()
              + Options.didYouMean(digestName, Digest.ids()));
    }
    String serializer = option(config, SERIALIZER);
    if (!serializer.equals("java")) {
      for (Option o : JAVA_ONLY) {
        if (config.has(o.name())) {
          throw new IllegalArgumentException(
              "option " + o.name() + " applies only to serializer=java, and serializer is " + serializer
                  + "; remove " + o.name() + " or set serializer=java");
        }
      }
    }
    @Nullable String secret = config.stringOption(SECRET.name());
    if (secret != null && secret.isEmpty()) {
      throw new IllegalArgumentException("option secret must not be empty; leave it out to store values unsigned");
    }
    TypeRegistry registry = TypeRegistry.global();
    BinaryFormat binary = new BinaryFormat(registry);
    PayloadFormat format;
    switch (serializer) {
      case "binary":
        format = binary;
        break;
      case "json":
        format = json(json, binary);
        break;
      case "java":
        format = java(config, secret != null);
        break;
      default:
        throw new IllegalArgumentException(
            "bad value '" + serializer + "' for option serializer: expected one of " + String.join(", ", SERIALIZERS)
                + Options.didYouMean(serializer, SERIALIZERS));
    }
    Signer signer = secret == null ? null : new Signer(secret.getBytes(StandardCharsets.UTF_8), digest);
    return new DefaultValueCodec(format, binary, signer, log, compression(config));
  }

  /**
   * {@code compress}, {@code compress_min} and {@code compress_max}. A codec without {@code
   * compress} still reads compressed values, within {@code compress_max}.
   */
  private static Compression compression(BackendConfig config) {
    long max = config.has(COMPRESS_MAX.name()) ? config.longOption(COMPRESS_MAX.name()) : Compression.DEFAULT_MAX;
    if (max <= 0) {
      throw new IllegalArgumentException("compress_max must be positive, was " + max);
    }
    if (max > Compression.LARGEST_MAX) {
      throw new IllegalArgumentException(
          "compress_max must be at most " + Compression.LARGEST_MAX + " (the longest Java array), was " + max);
    }
    @Nullable String name = config.stringOption(COMPRESS.name());
    if (name == null) {
      if (config.has(COMPRESS_MIN.name())) {
        throw new IllegalArgumentException(
            "option compress_min applies only with compress=gzip or compress=zlib, and compress is not set;"
                + " remove compress_min or set compress");
      }
      return new Compression(null, Compression.DEFAULT_MIN, max);
    }
    Compression.Algorithm algorithm = Compression.Algorithm.byName(name.trim());
    if (algorithm == null) {
      List<String> names = List.of("gzip", "zlib");
      throw new IllegalArgumentException(
          "bad value '" + name + "' for option compress: expected one of " + String.join(", ", names)
              + Options.didYouMean(name.trim(), names));
    }
    long min = config.has(COMPRESS_MIN.name()) ? config.longOption(COMPRESS_MIN.name()) : Compression.DEFAULT_MIN;
    if (min < 0) {
      throw new IllegalArgumentException("compress_min must be 0 or more, was " + min);
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "compress_min (" + min + ") is above compress_max (" + max + "), so nothing would be compressed;"
              + " lower compress_min or raise compress_max");
    }
    return new Compression(algorithm, min, max);
  }

  /**
   * {@code serializer=java}: refused without a secret unless {@code java_unsigned_unsafe=true}, since
   * no filter makes Java deserialization of bytes that anyone could have written safe (a 3.5 KB
   * graph of nested {@code HashSet}s of allowed classes pins the reading thread for ever).
   */
  private static JavaFormat java(BackendConfig config, boolean signed) {
    @Nullable String allow = config.stringOption(JAVA_ALLOW.name());
    if (allow == null || allow.isBlank()) {
      throw new IllegalArgumentException(
          "serializer=java needs option java_allow: the classes it may read, as ObjectInputFilter patterns"
              + " such as com.example.**;java.util.* (everything else is refused)");
    }
    JavaFormat format =
        new JavaFormat(
            allow,
            positive(config, JAVA_MAXBYTES, JavaFormat.DEFAULT_MAX_BYTES),
            positive(config, JAVA_MAXREFS, JavaFormat.DEFAULT_MAX_REFS));
    boolean unsafe = config.has(JAVA_UNSIGNED_UNSAFE.name()) && config.booleanOption(JAVA_UNSIGNED_UNSAFE.name());
    if (!signed && !unsafe) {
      throw new IllegalArgumentException(
          "serializer=java needs option secret: Java deserialization of bytes that another writer of the store"
              + " planted can pin a thread or exhaust memory whatever java_allow says, and a signature keeps"
              + " such bytes away from it; set secret, or use serializer=binary or json, or (only for a store no"
              + " one else can write) set java_unsigned_unsafe=true");
    }
    if (signed && unsafe) {
      throw new IllegalArgumentException(
          "option java_unsigned_unsafe=true contradicts option secret (with a secret, values are signed);"
              + " remove java_unsigned_unsafe");
    }
    return format;
  }

  private static long positive(BackendConfig config, Option option, long defaultValue) {
    if (!config.has(option.name())) {
      return defaultValue;
    }
    long n = config.longOption(option.name());
    if (n <= 0) {
      throw new IllegalArgumentException(option.name() + " must be positive, was " + n);
    }
    return n;
  }

  private static PayloadFormat json(Function<BinaryFormat, PayloadFormat> json, BinaryFormat binary) {
    try {
      return json.apply(binary);
    } catch (NoClassDefFoundError e) {
      throw new IllegalArgumentException(
          "serializer=json needs Jackson: add the artifact com.fasterxml.jackson.core:jackson-core to the class"
              + " path (" + e.getMessage() + " is missing)",
          e);
    }
  }

  private static String option(BackendConfig config, Option option) {
    @Nullable String value = config.stringOption(option.name());
    return value != null ? value : option.defaultValue();
  }
}
