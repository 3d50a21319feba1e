/** Implementation; may change without notice. */
@NullMarked
package dev.kaju.internal.setup;

import org.jspecify.annotations.NullMarked;
