/**
 * Used by generated code: the {@code *Cached} classes the Kaju processor writes call these classes.
 * Applications do not call them directly; they stay small and stable across versions.
 */
@NullMarked
package dev.kaju.support;

import org.jspecify.annotations.NullMarked;
