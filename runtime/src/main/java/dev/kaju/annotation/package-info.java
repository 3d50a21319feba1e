/** The annotations the Kaju processor reads. */
@NullMarked
package dev.kaju.annotation;

import org.jspecify.annotations.NullMarked;
