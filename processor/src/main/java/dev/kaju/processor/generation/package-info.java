/** Generation: turns the model into JavaPoet files; it never looks at an {@code Element}. */
package dev.kaju.processor.generation;
