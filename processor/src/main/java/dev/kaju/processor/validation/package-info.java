/**
 * Validation: reads annotated {@code Element}s and produces either the model or diagnostics on the
 * element, annotation and annotation value at fault. It gathers every error of an interface
 * before reporting.
 */
package dev.kaju.processor.validation;
