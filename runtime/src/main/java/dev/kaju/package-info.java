/**
 * Kaju's public API: {@link dev.kaju.Cache}, {@link dev.kaju.Kaju}, {@link dev.kaju.Settings},
 * {@link dev.kaju.Command} and the exceptions.
 */
@NullMarked
package dev.kaju;

import org.jspecify.annotations.NullMarked;
