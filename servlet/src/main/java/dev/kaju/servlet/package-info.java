/**
 * Jakarta Servlet filters for handlers that call cached methods (cashews' FastAPI contrib):
 * {@link dev.kaju.servlet.EtagFilter} answers {@code If-None-Match} from the cache, {@link
 * dev.kaju.servlet.CacheControlFilter} honours the request's {@code Cache-Control} (with {@link
 * dev.kaju.servlet.CacheControl#ttl(java.time.Duration)} for {@code max-age}), and {@link
 * dev.kaju.servlet.ClearSiteDataFilter} recomputes on {@code Clear-Site-Data: "cache"}.
 */
@NullMarked
package dev.kaju.servlet;

import org.jspecify.annotations.NullMarked;
