/**
 * Three ways to wire a cached service: by hand with {@code new} ({@link
 * dev.kaju.samples.wiring.PlainWiring}), with Dagger's {@code @Provides} ({@link
 * dev.kaju.samples.wiring.WeatherModule}), and with Spring's {@code @Bean} ({@code
 * dev.kaju.samples.spring.WeatherConfiguration}). In each, the
 * application asks for the interface and gets the generated {@code WeatherServiceCached} around
 * the real service.
 */
package dev.kaju.samples.wiring;
