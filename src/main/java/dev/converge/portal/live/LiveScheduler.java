package dev.converge.portal.live;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The one timer thread of the live feature: heartbeats, coalesced count updates, health comparisons. */
@Component
public class LiveScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveScheduler.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "live-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduledFuture<?> every(Duration period, Runnable task) {
        return executor.scheduleWithFixedDelay(guarded(task), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /**
     * A failing task must not cancel its schedule: an executor runs a periodic task that threw, even with an
     * {@link Error}, never again, and the health banner would then keep its last state for good.
     */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            }
            catch (RuntimeException | Error ex) {
                log.warn("Live task failed: {}", ex.toString(), ex);
            }
        };
    }
}
