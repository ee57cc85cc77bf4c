package dev.converge.portal.builds;

import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.audit.AuditLog;
import dev.converge.portal.audit.AuditOutcome;
import dev.converge.portal.platform.kubernetes.LeaderElection;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Keeps the newest {@code portal.builds.keep-finished} finished builds of each team namespace and deletes older
 * ones when a build finishes. Their audit entries stay: the audit log outlives what it names.
 */
@Component
class BuildRetention implements SmartInitializingSingleton, DisposableBean {

    static final String ACTOR = "converge-portal";
    private static final Logger log = LoggerFactory.getLogger(BuildRetention.class);

    private final KubernetesCaches caches;
    private final KubernetesClient client;
    private final AuditLog audit;
    private final int keep;
    /** One thread: sweeps never race each other, and the informer thread never waits for the API server. */
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "build-retention");
        thread.setDaemon(true);
        return thread;
    });

    private final LeaderElection election;

    BuildRetention(KubernetesCaches caches, KubernetesClient client, AuditLog audit, PortalProperties properties,
                   LeaderElection election) {
        this.election = election;
        this.caches = caches;
        this.client = client;
        this.audit = audit;
        this.keep = properties.builds().keepFinished();
    }

    @Override
    public void afterSingletonsInstantiated() {
        caches.addListener(Pod.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onChange(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (BuildPods.status(before) != BuildPods.status(after)) {
                    onChange(after);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // nothing to keep in check
            }
        });
    }

    private void onChange(Pod pod) {
        // one replica deletes: the others would race it to the same pods
        if (election.isLeader() && BuildPods.isBuild(pod) && BuildPods.status(pod).finished()) {
            var namespace = pod.getMetadata().getNamespace();
            sweeper.execute(() -> enforce(namespace));
        }
    }

    /** Deletes the finished builds of a namespace beyond the newest {@code keep}, newest by finish time. */
    void enforce(String namespace) {
        var finished = caches.query(Pod.class).namespace(namespace).label(BuildPods.KIND_LABEL, BuildPods.KIND)
                .where(pod -> BuildPods.status(pod).finished())
                .sortBy(Comparator.comparing(BuildRetention::finishedOrCreated).reversed())
                .list();
        for (var pod : finished.stream().skip(keep).toList()) {
            var name = pod.getMetadata().getName();
            try {
                client.pods().inNamespace(namespace).withName(name).delete();
                audit.record(ACTOR, "build.retention-delete", namespace + "/" + name, AuditOutcome.SUCCESS,
                        "older than the newest " + keep + " finished builds");
            } catch (KubernetesClientException e) {
                log.warn("Could not delete old build {}/{}: {}", namespace, name, e.getMessage());
            }
        }
    }

    private static String finishedOrCreated(Pod pod) {
        var finished = BuildPods.toBuild(pod, node -> null, java.time.Clock.systemUTC()).finishedAt();
        return finished != null ? finished.toString()
                : Objects.toString(pod.getMetadata().getCreationTimestamp(), "");
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }
}
