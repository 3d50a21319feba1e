/** Implementation; may change without notice. */
@NullMarked
package dev.kaju.internal.memory;

import org.jspecify.annotations.NullMarked;
