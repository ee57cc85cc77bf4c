package dev.converge.portal.deployments;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.Coalescer;
import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEvent;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.StatusLivePublisher;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Deployment changes → {@code deployment-row-<ns>-<name>} (each visible change, at once: replicas, state and, while
 * unschedulable, why), {@code deployment-counts-<ns>} (deployments by {@link DeploymentState}) and
 * {@value #LIST_CHANGED} (a deployment of the namespace came, went or changed state: the list page fetches its
 * results again, keeping its filter, sort and page), the last two at most once per coalescing window, from the
 * fragments in {@code deployments/live}. A row's state depends on its pods too: {@link #refresh} re-checks it when
 * they change (see {@link DeploymentDetailsLivePublisher}).
 */
@Component
public class DeploymentsLivePublisher extends StatusLivePublisher<Deployment, DeploymentRow> {

    /** One name for every namespace: the stream sends it only to readers of the event's namespace. */
    public static final String LIST_CHANGED = "deployments-changed";

    private final ObjectProvider<DeploymentViews> views;
    private final LiveEventPublisher events;
    private final LiveScheduler scheduler;
    private final PortalProperties properties;
    private final Map<String, Coalescer> listChanged = new ConcurrentHashMap<>();

    DeploymentsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                             LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties,
                             ObjectProvider<DeploymentViews> views) {
        super(Deployment.class, LiveTopic.DEPLOYMENTS, "deployment", "deployments/live", DeploymentState.labels(),
                informers, events, fragments, scheduler, properties);
        this.views = views;
        this.events = events;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @Override
    protected boolean follows(Deployment deployment) {
        return true;
    }

    @Override
    protected DeploymentRow row(Deployment deployment) {
        var reader = views.getIfAvailable();
        if (reader != null) {
            return reader.rowOf(deployment);
        }
        return new DeploymentRow(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                DeploymentState.readyReplicas(deployment), DeploymentState.desiredReplicas(deployment),
                DeploymentState.of(deployment).label(), false);
    }

    @Override
    protected DeploymentRow deleted(DeploymentRow row) {
        return row.asDeleted();
    }

    @Override
    public void refresh(Deployment deployment) {
        super.refresh(deployment);
    }

    /**
     * A new or gone deployment enters or leaves what a list page shows, so its pages fetch their results again. A
     * change of state does not: the row's own event shows it in place, and asking every open list page to fetch
     * its results on every rollout step would make a crowd of browsers a load on the portal (a list filtered by
     * state shows the new state on the row and drops it at the next fetch).
     */
    @Override
    protected void published(DeploymentRow previous, DeploymentRow row) {
        if (previous == null || row.deleted()) {
            listChanged.computeIfAbsent(row.namespace(), namespace -> new Coalescer(scheduler,
                    properties.sse().coalesce(), () -> events.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENTS,
                            namespace, LIST_CHANGED, namespace, Map.of("namespace", namespace))))).request();
        }
    }
}
