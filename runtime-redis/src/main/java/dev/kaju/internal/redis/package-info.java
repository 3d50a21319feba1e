/**
 * The Redis backend ({@code redis://}, {@code rediss://}) on Lettuce. Implementation; found
 * through {@link java.util.ServiceLoader} and may change without notice.
 */
@NullMarked
package dev.kaju.internal.redis;

import org.jspecify.annotations.NullMarked;
