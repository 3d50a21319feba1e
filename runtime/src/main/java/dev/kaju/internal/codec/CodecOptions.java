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
          "signs every stored value but a Long with an HMAC of its key and bytes; a bad or missing signature reads"
              + " as a miss");
  static final Option DIGESTMOD =
      Option.of("digestmod", Option.Type.STRING, "sha256", "the signature's digest: sha256, sha1, md5 or sum");
  static final Option SERIALIZER =
      Option.of(
          "serializer",
          Option.Type.STRING,
          "binary",
          "how values become bytes: binary, json (Jackson) or java (Java serialization, with java_allow)");
  static final Option JAVA_ALLOW =
      Option.of(
          "java_allow",
          Option.Type.STRING,
          null,
          "for serializer=java: the classes it may read, as ObjectInputFilter patterns such as"
              + " com.example.**;java.util.*");

  /** What {@code ValueCodec.options()} returns. */
  public static final List<Option> ALL = List.of(SECRET, DIGESTMOD, SERIALIZER, JAVA_ALLOW);

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
    @Nullable String allow = config.stringOption(JAVA_ALLOW.name());
    if (!serializer.equals("java") && allow != null) {
      throw new IllegalArgumentException(
          "option java_allow applies only to serializer=java, and serializer is " + serializer
              + "; remove java_allow or set serializer=java");
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
        if (allow == null || allow.isBlank()) {
          throw new IllegalArgumentException(
              "serializer=java needs option java_allow: the classes it may read, as ObjectInputFilter patterns"
                  + " such as com.example.**;java.util.* (everything else is refused)");
        }
        format = new JavaFormat(allow);
        break;
      default:
        throw new IllegalArgumentException(
            "bad value '" + serializer + "' for option serializer: expected one of " + String.join(", ", SERIALIZERS)
                + Options.didYouMean(serializer, SERIALIZERS));
    }
    @Nullable String secret = config.stringOption(SECRET.name());
    if (secret != null && secret.isEmpty()) {
      throw new IllegalArgumentException("option secret must not be empty; leave it out to store values unsigned");
    }
    Signer signer = secret == null ? null : new Signer(secret.getBytes(StandardCharsets.UTF_8), digest);
    return new DefaultValueCodec(format, binary, signer, log);
  }

  private static PayloadFormat json(Function<BinaryFormat, PayloadFormat> json, BinaryFormat binary) {
    try {
      return json.apply(binary);
    } catch (NoClassDefFoundError e) {
      throw new IllegalArgumentException(
          "serializer=json needs Jackson: add the artifact com.fasterxml.jackson.core:jackson-databind to the class"
              + " path (" + e.getMessage() + " is missing)",
          e);
    }
  }

  private static String option(BackendConfig config, Option option) {
    @Nullable String value = config.stringOption(option.name());
    return value != null ? value : option.defaultValue();
  }
}
