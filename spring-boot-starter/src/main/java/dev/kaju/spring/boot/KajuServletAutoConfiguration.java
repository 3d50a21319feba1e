package dev.kaju.spring.boot;

import dev.kaju.Cache;
import dev.kaju.servlet.CacheControlFilter;
import dev.kaju.servlet.ClearSiteDataFilter;
import dev.kaju.servlet.EtagFilter;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Kaju's HTTP filters ({@code kaju-servlet}), when it is on the class path of a servlet web
 * application: {@code Clear-Site-Data}, then {@code ETag}/{@code If-None-Match}, then the
 * request's {@code Cache-Control}, in that order, at {@link #ORDER} and after (Spring Security's
 * filter chain runs before them, at -100: a {@code 304} is never answered to an unauthenticated
 * request). {@code kaju.servlet.enabled=false} turns them off; a bean of the same name replaces one.
 */
@AutoConfiguration(after = KajuAutoConfiguration.class)
@ConditionalOnClass({EtagFilter.class, FilterRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(Cache.class)
@ConditionalOnProperty(prefix = "kaju.servlet", name = "enabled", matchIfMissing = true)
public class KajuServletAutoConfiguration {
  /** The order of the first of the three filters; the other two follow it. */
  public static final int ORDER = 0;

  @Bean
  @ConditionalOnMissingBean(name = "kajuClearSiteDataFilter")
  public FilterRegistrationBean<ClearSiteDataFilter> kajuClearSiteDataFilter() {
    return registered(new ClearSiteDataFilter(), ORDER);
  }

  @Bean
  @ConditionalOnMissingBean(name = "kajuEtagFilter")
  public FilterRegistrationBean<EtagFilter> kajuEtagFilter(Cache cache) {
    return registered(new EtagFilter(cache), ORDER + 1);
  }

  @Bean
  @ConditionalOnMissingBean(name = "kajuCacheControlFilter")
  public FilterRegistrationBean<CacheControlFilter> kajuCacheControlFilter(Cache cache) {
    return registered(new CacheControlFilter(cache), ORDER + 2);
  }

  private static <F extends Filter> FilterRegistrationBean<F> registered(F filter, int order) {
    FilterRegistrationBean<F> bean = new FilterRegistrationBean<>(filter);
    bean.setOrder(order);
    return bean;
  }
}
