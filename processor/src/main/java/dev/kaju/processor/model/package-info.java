/**
 * The model: plain immutable records that validation produces from {@code Element}s and generation
 * turns into Java source. Nothing here refers to an {@code Element}.
 */
package dev.kaju.processor.model;
