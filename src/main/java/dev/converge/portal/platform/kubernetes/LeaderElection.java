package dev.converge.portal.platform.kubernetes;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Which portal replica runs the periodic singletons: the one holding a Kubernetes {@code Lease} (fabric8's
 * {@code LeaderElector}). A singleton registers a {@link Listener} and starts its work when told it leads, stops
 * when told it no longer does. A replica that lost the Lease stands again as a candidate.
 */
@Component
public class LeaderElection implements SmartLifecycle {

    /** Told on the election's thread: keep it quick. */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final LeaderElectionProperties settings;
    private final String identity;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean leader;
    private volatile boolean running;
    private CompletableFuture<?> election;
    private ScheduledExecutorService retries;

    public LeaderElection(KubernetesClient client, LeaderElectionProperties settings) {
        this.client = client;
        this.settings = settings;
        this.identity = settings.identity() != null && !settings.identity().isBlank() ? settings.identity()
                : hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Adds a listener; told at once when this replica already leads. */
    public void addListener(Listener listener) {
        listeners.add(listener);
        if (leader) {
            listener.startedLeading();
        }
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public boolean isLeader() {
        return leader;
    }

    public String identity() {
        return identity;
    }

    /** The namespace of the Lease. */
    public String namespace() {
        if (settings.namespace() != null && !settings.namespace().isBlank()) {
            return settings.namespace();
        }
        var own = client.getNamespace();
        return own == null || own.isBlank() ? "default" : own;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!settings.enabled()) {
            log.info("Leader election off (portal.kubernetes.leader-election.enabled=false): this replica leads");
            lead();
            return;
        }
        retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "leader-election");
            thread.setDaemon(true);
            return thread;
        });
        stand();
    }

    private synchronized void stand() {
        if (!running) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(namespace(), settings.leaseName(), identity))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::follow, newLeader ->
                        log.info("Portal leader is now {} (Lease {}/{})", newLeader, namespace(),
                                settings.leaseName())))
                .build();
        election = client.leaderElector().withConfig(config).build().start();
        // The elector returns when leadership is lost or it failed: stand again after a pause.
        election.whenComplete((ignored, error) -> {
            if (error != null && running) {
                log.warn("Leader election stopped ({}); standing again", error.getMessage());
            }
            follow();
            var pending = retries;
            if (running && pending != null && !pending.isShutdown()) {
                pending.schedule(this::stand, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void lead() {
        if (!leader) {
            leader = true;
            log.info("This portal replica ({}) leads: it runs the periodic singletons", identity);
            listeners.forEach(Listener::startedLeading);
        }
    }

    private void follow() {
        if (leader) {
            leader = false;
            log.info("This portal replica ({}) no longer leads", identity);
            listeners.forEach(Listener::stoppedLeading);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (retries != null) {
            retries.shutdownNow();
            retries = null;
        }
        if (election != null) {
            election.cancel(true);
            election = null;
        }
        follow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static String hostName() {
        var host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "portal" : host.toLowerCase(java.util.Locale.ROOT);
    }
}
