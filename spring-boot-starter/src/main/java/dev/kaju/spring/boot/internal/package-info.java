/** The starter's implementation: not API, may change in any release. */
@NullMarked
package dev.kaju.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
