package dev.converge.portal.deployments;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.platform.kubernetes.KubernetesErrors;
import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@code schedule: working-hours} deployments only within {@link WorkingHours}: every
 * {@code portal.deployments.schedule-interval}, on the replica that leads, a portal-made Deployment whose stored
 * spec has that schedule is scaled to 0 outside the working hours and back to the replicas of its spec inside them
 * (an autoscaler stands still while its Deployment has 0 replicas, and takes over again after). The Deployment is
 * updated with the version read, so a change in between is never overwritten (see {@link #scale}); what fails is
 * tried again the next round. Each scaling is
 * audited as {@code deployment.schedule} by {@value #ACTOR}.
 */
@Component
public class WorkingHoursScaler implements SmartLifecycle {

    static final String ACTOR = "portal:working-hours";
    private static final Logger log = LoggerFactory.getLogger(WorkingHoursScaler.class);

    private final KubernetesCaches caches;
    private final KubernetesClient client;
    private final DeploymentManifests manifests;
    private final WorkingHours workingHours;
    private final DeploymentSettings settings;
    private final LeaderElection election;
    private final AuditLog audit;
    private final Clock clock;
    private ScheduledExecutorService executor;

    WorkingHoursScaler(KubernetesCaches caches, KubernetesClient client, DeploymentManifests manifests,
                       WorkingHours workingHours, DeploymentSettings settings, LeaderElection election,
                       AuditLog audit, Clock clock) {
        this.caches = caches;
        this.client = client;
        this.manifests = manifests;
        this.workingHours = workingHours;
        this.settings = settings;
        this.election = election;
        this.audit = audit;
        this.clock = clock;
    }

    /** One Deployment scaled by a round: which, from how many replicas to how many. */
    record Scaling(String namespace, String name, int from, int to) {
    }

    /** Scales every scheduled Deployment whose replicas differ from what the time of day asks; returns what it did. */
    public List<Scaling> scaleNow() {
        boolean working = workingHours.contains(clock.instant());
        var done = new ArrayList<Scaling>();
        var scheduled = caches.query(Deployment.class)
                .label(DeploymentManifests.MANAGED_BY_LABEL, DeploymentManifests.MANAGED_BY).list();
        for (var deployment : scheduled) {
            var spec = manifests.storedSpec(deployment).map(DeploymentSpec::withDefaults).orElse(null);
            if (spec == null || !spec.workingHoursOnly() || deployment.getSpec() == null) {
                continue;
            }
            int wanted = working ? DeploymentManifests.startingReplicas(spec) : 0;
            var current = deployment.getSpec().getReplicas();
            if (current != null && current == wanted) {
                continue;
            }
            if (scale(deployment, wanted)) {
                done.add(new Scaling(spec.namespace(), spec.name(), current == null ? 1 : current, wanted));
            }
        }
        return done;
    }

    /**
     * Writes the replica count on the cached copy; when a status write of the controller got in between (409), once
     * more on a fresh copy, if that one still has the schedule. A user's change in between wins either way: the
     * fresh copy carries it, and only the replica count is set.
     */
    private boolean scale(Deployment cached, int replicas) {
        var meta = cached.getMetadata();
        var target = meta.getNamespace() + "/" + meta.getName();
        try {
            try {
                update(cached, replicas);
            } catch (KubernetesClientException e) {
                if (!KubernetesErrors.isConflict(e)) {
                    throw e;
                }
                var fresh = client.apps().deployments().inNamespace(meta.getNamespace()).withName(meta.getName())
                        .get();
                if (fresh == null || !manifests.storedSpec(fresh).map(DeploymentSpec::withDefaults)
                        .map(DeploymentSpec::workingHoursOnly).orElse(false)) {
                    return false;
                }
                update(fresh, replicas);
            }
            audit.record(ACTOR, "deployment.schedule", target, AuditOutcome.SUCCESS, "{replicas=" + replicas + "}");
            return true;
        } catch (KubernetesClientException e) {
            log.info("Working hours: {} not scaled to {} this round: {}", target, replicas, e.getMessage());
            return false;
        }
    }

    /** An update carrying the resourceVersion read, so a concurrent change is never overwritten. */
    private void update(Deployment deployment, int replicas) {
        var changed = Serialization.clone(deployment);
        changed.getSpec().setReplicas(replicas);
        client.resource(changed).update();
    }

    @Override
    public synchronized void start() {
        var period = settings.scheduleInterval();
        if (period.isZero() || period.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "working-hours");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            if (!election.isLeader()) {
                return;
            }
            try {
                scaleNow();
            } catch (RuntimeException e) {
                log.warn("Working hours scaling failed: {}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
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
}
