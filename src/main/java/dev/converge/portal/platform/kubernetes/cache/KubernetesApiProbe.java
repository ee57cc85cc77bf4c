package dev.converge.portal.platform.kubernetes.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the API server every few seconds whether it answers, in the background, so readiness probes only read the
 * last answer. Each call is bounded: one that takes longer than the timeout counts as unreachable, and no second
 * call starts while it still hangs.
 */
final class KubernetesApiProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesApiProbe.class);

    private final KubernetesClient client;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Runnable onRecovery;
    private final AtomicBoolean calling = new AtomicBoolean();
    private ScheduledExecutorService scheduler;
    private ExecutorService caller;
    private volatile ApiReachability last = ApiReachability.UNKNOWN;

    /** {@code onRecovery} runs when the server answers again after it was found unreachable. */
    KubernetesApiProbe(KubernetesClient client, Duration interval, Duration timeout, Clock clock,
            Runnable onRecovery) {
        this.client = client;
        this.onRecovery = onRecovery;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
    }

    synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("kubernetes-api-probe"));
        caller = Executors.newSingleThreadExecutor(daemon("kubernetes-api-call"));
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    ApiReachability last() {
        return last;
    }

    private void probe() {
        if (!calling.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(this::call, caller)
                .whenComplete((ignored, error) -> calling.set(false))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, error) -> record(error));
    }

    /**
     * {@code /version} is the cheapest call a real server answers; the sandbox's mock server may lack it, so an HTTP
     * error there falls back to listing one namespace. Only an answer counts: refused or timed-out calls throw.
     */
    private void call() {
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException versionFailed) {
            if (versionFailed.getCode() <= 0) {
                throw versionFailed;
            }
            client.namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
        }
    }

    private void record(Throwable error) {
        var previous = last;
        if (error == null) {
            last = ApiReachability.reachable(clock.instant());
            if (!previous.reachable() && previous.checkedAt() != null) {
                log.info("Kubernetes API server at {} answers again", client.getMasterUrl());
                try {
                    onRecovery.run();
                } catch (RuntimeException e) {
                    log.warn("Could not refresh after the Kubernetes API server returned", e);
                }
            }
            return;
        }
        var cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        var reason = cause instanceof TimeoutException
                ? "no answer within " + timeout.toMillis() + " ms"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        last = ApiReachability.unreachable(clock.instant(), reason);
        if (previous.reachable() || previous.checkedAt() == null) {
            log.warn("Kubernetes API server at {} unreachable: {}", client.getMasterUrl(), reason);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            caller.shutdownNow();
            scheduler = null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            var thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
