package dev.converge.portal.platform.kubernetes.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the API server every few seconds whether it answers, in the background, so readiness probes only read the
 * last answer. Each call is bounded: one that takes longer than the timeout counts as unreachable, and the next
 * interval probes afresh whether or not it still hangs.
 */
final class KubernetesApiProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesApiProbe.class);

    /** Calls that outlasted their timeout and still run before a probe gives up calling (and reports why). */
    private static final int MAX_HANGING_CALLS = 3;

    private final Runnable call;
    private final Object server;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Runnable onRecovery;
    private ScheduledExecutorService scheduler;
    private ExecutorService caller;
    private volatile ApiReachability last = ApiReachability.UNKNOWN;

    /** {@code onRecovery} runs when the server answers again after it was found unreachable. */
    KubernetesApiProbe(KubernetesClient client, Duration interval, Duration timeout, Clock clock,
            Runnable onRecovery) {
        this(() -> call(client), client.getMasterUrl(), interval, timeout, clock, onRecovery);
    }

    /** {@code call} throws when the server does not answer; {@code server} names it in the log. */
    KubernetesApiProbe(Runnable call, Object server, Duration interval, Duration timeout, Clock clock,
            Runnable onRecovery) {
        this.call = call;
        this.server = server;
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
        // threads of calls abandoned at their timeout stay busy until the client gives up: a few, never unbounded
        caller = new ThreadPoolExecutor(0, MAX_HANGING_CALLS + 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("kubernetes-api-call"));
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    ApiReachability last() {
        return last;
    }

    /**
     * Runs on the scheduler's one thread and waits for its call, so probes never overlap and nothing has to be reset
     * for the next one to run. A call past the timeout is interrupted and left behind: the next probe calls on
     * another thread, so one call that hangs cannot hold readiness down after the server answers again.
     */
    private void probe() {
        Future<?> current;
        try {
            current = caller.submit(call);
        } catch (RejectedExecutionException e) {
            record(new IllegalStateException(MAX_HANGING_CALLS + " earlier calls still hang"));
            return;
        }
        try {
            current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            record(null);
        } catch (TimeoutException e) {
            current.cancel(true);
            record(e);
        } catch (ExecutionException e) {
            record(e.getCause());
        } catch (InterruptedException e) {
            current.cancel(true);
            Thread.currentThread().interrupt(); // closing
        } catch (RuntimeException | Error e) {
            // a periodic task that throws is never run again
            log.warn("Kubernetes API probe failed; probing again in {}", interval, e);
        }
    }

    /**
     * {@code /version} is the cheapest call a real server answers; the sandbox's mock server may lack it, so an HTTP
     * error there falls back to listing one namespace. Only an answer counts: refused or timed-out calls throw.
     */
    private static void call(KubernetesClient client) {
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
                log.info("Kubernetes API server at {} answers again", server);
                try {
                    onRecovery.run();
                } catch (RuntimeException e) {
                    log.warn("Could not refresh after the Kubernetes API server returned", e);
                }
            }
            return;
        }
        var reason = error instanceof TimeoutException
                ? "no answer within " + timeout.toMillis() + " ms"
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        last = ApiReachability.unreachable(clock.instant(), reason);
        if (previous.reachable() || previous.checkedAt() == null) {
            log.warn("Kubernetes API server at {} unreachable: {}", server, reason);
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
