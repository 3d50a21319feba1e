package dev.kaju.support;

import org.jspecify.annotations.Nullable;

/**
 * Used by generated code, through {@link SoftSite} and {@link EarlySite}: a stored result with the
 * wall-clock time (epoch milliseconds, from {@code Settings.clock}) after which it is no longer
 * fresh: the soft expiry of {@code @Soft}, the early expiry of {@code @Early} (cashews stores {@code
 * [expire_at, result]} alike). The entry's own TTL is the strategy's {@code ttl}.
 *
 * <p>Every codec knows it: a tag of its own in the binary format, {@code {"@stamped":[at, value]}}
 * in JSON, and an allowed class for Java serialization. A stored value that is not a {@code
 * Stamped} where one is expected, or one holding a result of another type, reads as a miss.
 *
 * @param at when the result stops being fresh, in epoch milliseconds
 * @param value the method's result ({@code null} included)
 */
public record Stamped(long at, @Nullable Object value) implements java.io.Serializable {}
