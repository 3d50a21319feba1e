/** Implementation; may change without notice. */
@NullMarked
package dev.kaju.internal.ttl;

import org.jspecify.annotations.NullMarked;
