/**
 * The service provider interface for backends: implemented by {@code kaju-runtime-redis} and
 * {@code kaju-runtime-chronicle}, not used by applications.
 */
@NullMarked
package dev.kaju.spi;

import org.jspecify.annotations.NullMarked;
