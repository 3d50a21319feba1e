/**
 * Kaju's commands recorded to Micrometer: {@link dev.kaju.micrometer.KajuMetrics}.
 */
@NullMarked
package dev.kaju.micrometer;

import org.jspecify.annotations.NullMarked;
