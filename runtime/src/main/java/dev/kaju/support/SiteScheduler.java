package dev.kaju.support;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The scheduler of {@link SiteAccess#scheduler} for a {@link dev.kaju.Cache} that is not Kaju's
 * own: one daemon thread, started on first use, that only hands each later try to the command it
 * schedules.
 */
final class SiteScheduler {
  private SiteScheduler() {}

  private static final class Holder {
    static final ScheduledExecutorService SHARED = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = Executors.defaultThreadFactory().newThread(r);
        t.setName("kaju-site-scheduler");
        t.setDaemon(true);
        return t;
      });
      s.setRemoveOnCancelPolicy(true);
      return s;
    }
  }

  static ScheduledExecutorService shared() {
    return Holder.SHARED;
  }
}
