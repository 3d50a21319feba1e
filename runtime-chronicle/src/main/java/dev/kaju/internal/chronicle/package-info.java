/**
 * The disk backend, {@code disk://} (alias {@code chronicle://}): a persistent, off-heap,
 * bounded cache on Chronicle Map, shared by the processes that open the same directory.
 */
@NullMarked
package dev.kaju.internal.chronicle;

import org.jspecify.annotations.NullMarked;
