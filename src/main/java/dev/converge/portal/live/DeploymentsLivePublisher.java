package dev.converge.portal.live;

import java.util.Map;

import dev.converge.portal.PortalProperties;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Deployment changes → {@code deployment-row-<ns>-<name>} (each visible change, at once) and
 * {@code deployment-counts-<ns>} (deployments by state, at most once per coalescing window).
 */
@Component
public class DeploymentsLivePublisher implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DeploymentsLivePublisher.class);

    private final ObjectProvider<InformerSource> informers;
    private final LiveEventPublisher events;
    private final LiveFragments fragments;
    private final StatusTracker states = new StatusTracker(DeploymentRow.STATES);
    private final Coalescer counts;

    public DeploymentsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                                    LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        this.informers = informers;
        this.events = events;
        this.fragments = fragments;
        this.counts = new Coalescer(scheduler, properties.sse().coalesce(), this::publishCounts);
    }

    @Override
    public void afterSingletonsInstantiated() {
        informers.ifAvailable(this::listenTo);
        if (informers.getIfAvailable() == null) {
            log.info("No Kubernetes informers: live deployment updates are off");
        }
    }

    public void listenTo(InformerSource source) {
        source.addListener(Deployment.class, new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                changed(null, DeploymentRow.of(deployment));
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                changed(DeploymentRow.of(before), DeploymentRow.of(after));
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                var row = DeploymentRow.of(deployment).asDeleted();
                states.remove(row.namespace(), row.name());
                publishRow(row);
                counts.request();
            }
        });
    }

    /** Deployments of a namespace by state, for the first render of a page that then follows the stream. */
    public StatusCounts countsIn(String namespace) {
        return states.counts(namespace);
    }

    private void changed(DeploymentRow before, DeploymentRow after) {
        if (after.equals(before)) {
            return;
        }
        states.put(after.namespace(), after.name(), after.state());
        publishRow(after);
        counts.request();
    }

    private void publishRow(DeploymentRow row) {
        var html = fragments.render("live/fragments", "deployment-row", Map.of("row", row));
        events.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENTS, row.namespace(), row.eventName(), html,
                row.data()));
    }

    private void publishCounts() {
        for (var changed : states.takeChanged()) {
            var html = fragments.render("live/fragments", "deployment-counts", Map.of("counts", changed));
            events.publish(LiveEvent.inNamespace(LiveTopic.DEPLOYMENTS, changed.namespace(),
                    "deployment-counts-" + changed.namespace(), html,
                    Map.of("namespace", changed.namespace(), "counts", changed.byStatus())));
        }
    }
}
