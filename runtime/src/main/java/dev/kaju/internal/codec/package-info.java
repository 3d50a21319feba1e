/**
 * Value codecs for byte-storing backends: the binary, JSON and Java payload formats, HMAC signing
 * and the registry of {@code Codecs.register}. Implementation; may change without notice.
 */
@NullMarked
package dev.kaju.internal.codec;

import org.jspecify.annotations.NullMarked;
