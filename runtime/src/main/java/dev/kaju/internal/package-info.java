/** Implementation; may change without notice. */
@NullMarked
package dev.kaju.internal;

import org.jspecify.annotations.NullMarked;
