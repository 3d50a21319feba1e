/**
 * Kaju's Spring Boot auto-configuration: {@link dev.kaju.spring.boot.KajuProperties} ({@code
 * kaju.*}), {@link dev.kaju.spring.boot.KajuSetupCustomizer} to adjust the auto-configured cache's
 * setups, and the auto-configuration classes. {@code dev.kaju.spring.boot.internal} may change
 * freely.
 */
@NullMarked
package dev.kaju.spring.boot;

import org.jspecify.annotations.NullMarked;
