package dev.converge.portal.platform.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates the portal's buckets after start, in the background: object storage that is down at start must not stop
 * the portal, so this retries with a growing delay until it succeeds (readiness reports DOWN meanwhile).
 */
@Component
class BucketProvisioner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BucketProvisioner.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration STALE_STAGING_AGE = Duration.ofDays(1);

    private final ArtifactStore store;
    private ScheduledExecutorService executor;
    private Duration nextDelay = FIRST_RETRY;
    private int failures;

    BucketProvisioner(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "storage-buckets");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::attempt);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private void attempt() {
        try {
            store.ensureBuckets();
            store.removeStaleStaging(STALE_STAGING_AGE);
            if (failures > 0) {
                log.info("Object storage reachable again after {} attempts; buckets are in place", failures + 1);
            }
        } catch (StorageException e) {
            if (failures++ == 0) {
                log.warn("Object storage unavailable at start ({}); retrying in the background", e.getMessage());
            }
            schedule(nextDelay);
            nextDelay = nextDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextDelay.multipliedBy(2);
        }
    }

    private synchronized void schedule(Duration delay) {
        if (executor != null) {
            executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
