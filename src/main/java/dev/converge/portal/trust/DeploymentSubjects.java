package dev.converge.portal.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.converge.portal.deployments.DeploymentManifests;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.stereotype.Component;

/**
 * The portal's model deployments as scorecard subjects, read from the informer cache: image, replicas, the pod
 * template's security settings and the pods' restarts and readiness.
 */
@Component
public class DeploymentSubjects implements TrustSubjects {

    private final KubernetesCaches caches;

    DeploymentSubjects(KubernetesCaches caches) {
        this.caches = caches;
    }

    @Override
    public String kind() {
        return TrustSubject.DEPLOYMENT;
    }

    @Override
    public List<TrustSubject> in(String namespace) {
        return caches.query(Deployment.class).namespace(namespace).label(DeploymentManifests.KIND_LABEL, "model")
                .list().stream().map(this::subject).toList();
    }

    @Override
    public Optional<TrustSubject> find(String namespace, String name) {
        return caches.get(Deployment.class, namespace, name).filter(DeploymentSubjects::isModel).map(this::subject);
    }

    static boolean isModel(Deployment deployment) {
        var labels = deployment.getMetadata().getLabels();
        return labels != null && "model".equals(labels.get(DeploymentManifests.KIND_LABEL));
    }

    TrustSubject subject(Deployment deployment) {
        return new TrustSubject(TrustSubject.DEPLOYMENT, deployment.getMetadata().getNamespace(),
                deployment.getMetadata().getName(), imageOf(deployment), workloadOf(deployment));
    }

    /** The image of the pod template's first container (the model server); null without one. */
    public static String imageOf(Deployment deployment) {
        var podSpec = podSpecOf(deployment);
        return podSpec == null || podSpec.getContainers().isEmpty() ? null : podSpec.getContainers().get(0).getImage();
    }

    /**
     * Replicas, the pod template and the pods (from the cache, by the Deployment's selector) of any Deployment:
     * a model's, or the runtime of another kind of subject (a RAG model's).
     */
    public Workload workloadOf(Deployment deployment) {
        var spec = deployment.getSpec();
        var podSpec = podSpecOf(deployment);
        int desired = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
        int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
        var template = podSpec == null ? null : facts(deployment.getMetadata().getName(), null, podSpec, List.of());
        var pods = pods(deployment).stream().map(pod -> facts(pod.getMetadata().getName(),
                pod.getStatus() == null ? null : pod.getStatus().getPhase(), pod.getSpec(),
                pod.getStatus() == null ? List.<ContainerStatus>of() : statuses(pod))).toList();
        return new Workload(desired, ready, template, pods);
    }

    private static PodSpec podSpecOf(Deployment deployment) {
        var spec = deployment.getSpec();
        return spec == null || spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
    }

    private List<Pod> pods(Deployment deployment) {
        var selector = deployment.getSpec() == null || deployment.getSpec().getSelector() == null ? null
                : deployment.getSpec().getSelector().getMatchLabels();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        var query = caches.query(Pod.class).namespace(deployment.getMetadata().getNamespace());
        selector.forEach(query::label);
        return query.list();
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        var all = new ArrayList<ContainerStatus>();
        Optional.ofNullable(pod.getStatus().getContainerStatuses()).ifPresent(all::addAll);
        return all;
    }

    static Workload.PodFacts facts(String name, String phase, PodSpec spec, List<ContainerStatus> statuses) {
        if (spec == null) {
            return new Workload.PodFacts(name, phase, false, List.of(), List.of());
        }
        var podNonRoot = spec.getSecurityContext() == null ? null : spec.getSecurityContext().getRunAsNonRoot();
        var containers = new ArrayList<Workload.ContainerFacts>();
        var all = new ArrayList<Container>();
        Optional.ofNullable(spec.getInitContainers()).ifPresent(all::addAll);
        Optional.ofNullable(spec.getContainers()).ifPresent(all::addAll);
        for (var container : all) {
            var security = container.getSecurityContext();
            Map<String, Quantity> limits = container.getResources() == null
                    || container.getResources().getLimits() == null ? Map.of() : container.getResources().getLimits();
            var status = statuses.stream().filter(s -> container.getName().equals(s.getName())).findFirst();
            containers.add(new Workload.ContainerFacts(container.getName(),
                    security != null && security.getRunAsNonRoot() != null ? security.getRunAsNonRoot() : podNonRoot,
                    security == null ? null : security.getAllowPrivilegeEscalation(),
                    security != null && Boolean.TRUE.equals(security.getPrivileged()),
                    limits.containsKey("cpu"), limits.containsKey("memory"),
                    status.map(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).orElse(0),
                    status.map(DeploymentSubjects::lastRestart).orElse(null),
                    status.map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false),
                    status.map(s -> Boolean.TRUE.equals(s.getReady())).orElse(false)));
        }
        var hostPaths = Optional.ofNullable(spec.getVolumes()).orElse(List.of()).stream()
                .filter(volume -> volume.getHostPath() != null).map(volume -> volume.getName()).toList();
        return new Workload.PodFacts(name, phase, Boolean.TRUE.equals(spec.getHostNetwork()), hostPaths, containers);
    }

    private static Instant lastRestart(ContainerStatus status) {
        var last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (last == null || last.getFinishedAt() == null) {
            return null;
        }
        try {
            return Instant.parse(last.getFinishedAt());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
