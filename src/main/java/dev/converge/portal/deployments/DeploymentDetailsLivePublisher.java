package dev.converge.portal.deployments;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.Coalescer;
import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.platform.kubernetes.cache.KubernetesCaches;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the whole detail page of a deployment live, not only its header: on a change of the Deployment, its
 * ReplicaSets, its Pods or their Events, at most once per coalescing window per deployment, publishes
 * {@code deployment-detail-<ns>-<name>} (the {@code deployment-detail} fragment of {@code deployments/live}: state
 * and why, where it runs, rollout, pods, events), in the namespace's topic so only its readers get it. Pods decide a
 * row's state too (Unschedulable), so the row is re-checked at the same time.
 */
@Component
class DeploymentDetailsLivePublisher implements SmartInitializingSingleton {

    private final ObjectProvider<InformerSource> informers;
    private final ObjectProvider<KubernetesCaches> caches;
    private final DeploymentViews views;
    private final DeploymentsLivePublisher rows;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final LiveScheduler scheduler;
    private final PortalProperties properties;
    private final String contextPath;
    private final Map<String, Coalescer> pending = new ConcurrentHashMap<>();

    DeploymentDetailsLivePublisher(ObjectProvider<InformerSource> informers, ObjectProvider<KubernetesCaches> caches,
                                   DeploymentViews views, DeploymentsLivePublisher rows, LiveEventPublisher events,
                                   LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties,
                                   @Value("${server.servlet.context-path:}") String contextPath) {
        this.informers = informers;
        this.caches = caches;
        this.views = views;
        this.rows = rows;
        this.events = events;
        this.fragments = fragments;
        this.scheduler = scheduler;
        this.properties = properties;
        this.contextPath = contextPath;
    }

    static String eventName(String namespace, String name) {
        return "deployment-detail-" + namespace + "-" + name;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var source = informers.getIfAvailable();
        if (source == null) {
            return;
        }
        source.addListener(Deployment.class, handler(deployment -> Optional.of(deployment.getMetadata().getName())));
        source.addListener(ReplicaSet.class, handler(DeploymentDetailsLivePublisher::ownerDeployment));
        source.addListener(Pod.class, handler(this::deploymentOfPod));
        source.addListener(Event.class, handler(this::deploymentOfEvent));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(
            java.util.function.Function<T, Optional<String>> deploymentOf) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed(object, deploymentOf);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed(after, deploymentOf);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changed(object, deploymentOf);
            }
        };
    }

    private <T extends HasMetadata> void changed(T object, java.util.function.Function<T, Optional<String>> of) {
        var namespace = object.getMetadata().getNamespace();
        of.apply(object).ifPresent(name -> pending.computeIfAbsent(namespace + "/" + name,
                key -> new Coalescer(scheduler, properties.sse().coalesce(), () -> publish(namespace, name)))
                .request());
    }

    /** Runs on the live scheduler, reading the caches as they are by then. */
    private void publish(String namespace, String name) {
        var cache = caches.getIfAvailable();
        var deployment = cache == null ? Optional.<Deployment>empty()
                : cache.get(Deployment.class, namespace, name);
        if (deployment.isEmpty()) {
            pending.remove(namespace + "/" + name);
            return;
        }
        rows.refresh(deployment.get());
        views.liveDetail(namespace, name).ifPresent(detail -> {
            var html = fragments.render("deployments/live", "deployment-detail",
                    Map.of("detail", detail, "base", contextPath));
            events.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENT_DETAILS, namespace, eventName(namespace, name), html,
                    Map.of("namespace", namespace, "name", name, "state", detail.summary().state())));
        });
    }

    private Optional<String> deploymentOfPod(Pod pod) {
        var labels = pod.getMetadata().getLabels();
        if (labels != null && labels.containsKey(DeploymentManifests.NAME_LABEL)) {
            return Optional.of(labels.get(DeploymentManifests.NAME_LABEL));
        }
        return owner(pod, "ReplicaSet").flatMap(rs -> Optional.ofNullable(caches.getIfAvailable())
                .flatMap(cache -> cache.get(ReplicaSet.class, pod.getMetadata().getNamespace(), rs)))
                .flatMap(DeploymentDetailsLivePublisher::ownerDeployment);
    }

    private Optional<String> deploymentOfEvent(Event event) {
        var involved = event.getInvolvedObject();
        var cache = caches.getIfAvailable();
        if (involved == null || involved.getKind() == null || cache == null) {
            return Optional.empty();
        }
        return switch (involved.getKind()) {
            case "Deployment" -> Optional.ofNullable(involved.getName());
            case "ReplicaSet" -> cache.get(ReplicaSet.class, involved.getNamespace(), involved.getName())
                    .flatMap(DeploymentDetailsLivePublisher::ownerDeployment);
            case "Pod" -> cache.get(Pod.class, involved.getNamespace(), involved.getName())
                    .flatMap(this::deploymentOfPod);
            default -> Optional.empty();
        };
    }

    private static Optional<String> ownerDeployment(HasMetadata object) {
        return owner(object, "Deployment");
    }

    private static Optional<String> owner(HasMetadata object, String kind) {
        var owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty() : owners.stream().filter(o -> kind.equals(o.getKind()))
                .map(OwnerReference::getName).findFirst();
    }
}
