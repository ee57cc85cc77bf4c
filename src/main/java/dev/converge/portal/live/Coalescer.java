package dev.converge.portal.live;

import java.time.Duration;

/**
 * Runs an action at most once per window however often it is requested: the first request of a quiet period runs
 * at once, requests during the window are merged into one run at its end. The action reads the latest state, so
 * nothing is lost by merging.
 */
public final class Coalescer {

    private final LiveScheduler scheduler;
    private final long windowNanos;
    private final Runnable action;
    private boolean scheduled;
    private long lastRun;
    private boolean ranOnce;

    public Coalescer(LiveScheduler scheduler, Duration window, Runnable action) {
        this.scheduler = scheduler;
        this.windowNanos = window.toNanos();
        this.action = action;
    }

    public synchronized void request() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        long wait = ranOnce ? Math.max(0, lastRun + windowNanos - System.nanoTime()) : 0;
        scheduler.after(Duration.ofNanos(wait), this::fire);
    }

    private void fire() {
        synchronized (this) {
            scheduled = false;
            ranOnce = true;
            lastRun = System.nanoTime();
        }
        action.run();
    }
}
