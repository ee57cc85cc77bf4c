package dev.converge.portal.live;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A periodic task that fails once keeps its schedule: the health banner and heartbeats depend on it. */
class LiveSchedulerTests {

    private final LiveScheduler scheduler = new LiveScheduler();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        scheduler.destroy();
    }

    @Test
    void keepsRunningAfterARuntimeException() {
        scheduler.every(Duration.ofMillis(10), failingOnce(new IllegalStateException("first run fails")));

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
    }

    @Test
    void keepsRunningAfterAnError() {
        scheduler.every(Duration.ofMillis(10), failingOnce(new AssertionError("first run fails")));

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
    }

    private Runnable failingOnce(Throwable failure) {
        return () -> {
            if (runs.incrementAndGet() == 1) {
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
        };
    }
}
