package dev.converge.portal.platform.kubernetes.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe keeps probing after a call that outlasted its timeout (issue 10, item 6). */
class KubernetesApiProbeTests {

    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofMillis(150);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger recoveries = new AtomicInteger();
    /** Until set, calls after the first are refused, so the test sees the unreachable state before the recovery. */
    private final AtomicBoolean serverBack = new AtomicBoolean();
    private KubernetesApiProbe probe;

    @AfterEach
    void stop() {
        release.countDown();
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void answersAgainAfterAFirstCallThatEndsLateAfterItsTimeout() {
        probe = probe(() -> awaitQuietly(release, true));
        probe.start();

        awaitUnreachable();
        release.countDown(); // the slow call answers at last, long after its timeout
        serverBack.set(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> probe.last().reachable());
        assertThat(calls).hasValueGreaterThan(1);
    }

    @Test
    void answersAgainWhileTheFirstCallStillHangsAndIgnoresInterrupts() {
        probe = probe(() -> awaitQuietly(release, false));
        probe.start();

        awaitUnreachable();
        serverBack.set(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> probe.last().reachable());
        assertThat(release.getCount()).as("the first call still hangs").isEqualTo(1);
    }

    @Test
    void aCallPastTheTimeoutCountsAsUnreachable() {
        probe = new KubernetesApiProbe(() -> awaitQuietly(release, true), "http://127.0.0.1:1", INTERVAL, TIMEOUT,
                Clock.systemUTC(), recoveries::incrementAndGet);
        probe.start();

        assertThat(awaitUnreachable().error()).isEqualTo("no answer within 150 ms");
    }

    @Test
    void runsTheRecoveryOnceWhenTheServerAnswersAgain() {
        probe = probe(() -> {
            throw new IllegalStateException("connection refused");
        });
        probe.start();
        awaitUnreachable();
        serverBack.set(true);

        await().atMost(Duration.ofSeconds(5)).until(() -> probe.last().reachable());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> recoveries.get() == 1);
    }

    /** The first call runs {@code first}; later ones are refused until {@link #serverBack}, then answer at once. */
    private KubernetesApiProbe probe(Runnable first) {
        Runnable call = () -> {
            if (calls.incrementAndGet() == 1) {
                first.run();
            } else if (!serverBack.get()) {
                throw new IllegalStateException("connection refused");
            }
        };
        return new KubernetesApiProbe(call, "http://127.0.0.1:1", INTERVAL, TIMEOUT, Clock.systemUTC(),
                recoveries::incrementAndGet);
    }

    private ApiReachability awaitUnreachable() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.last().checkedAt() != null && !probe.last().reachable());
        return probe.last();
    }

    /** Blocks until released; {@code interruptible=false} models a call that does not notice interrupts. */
    private static void awaitQuietly(CountDownLatch latch, boolean interruptible) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                if (interruptible) {
                    Thread.currentThread().interrupt();
                    return;
                }
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
