package dev.converge.portal.deployments;

import dev.converge.portal.PortalProperties;
import dev.converge.portal.live.InformerSource;
import dev.converge.portal.live.LiveEventPublisher;
import dev.converge.portal.live.LiveFragments;
import dev.converge.portal.live.LiveScheduler;
import dev.converge.portal.live.LiveTopic;
import dev.converge.portal.live.StatusLivePublisher;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Deployment changes → {@code deployment-row-<ns>-<name>} (each visible change, at once) and
 * {@code deployment-counts-<ns>} (deployments by {@link DeploymentState}, at most once per coalescing window), from
 * the fragments in {@code deployments/live}.
 */
@Component
public class DeploymentsLivePublisher extends StatusLivePublisher<Deployment, DeploymentRow> {

    DeploymentsLivePublisher(ObjectProvider<InformerSource> informers, LiveEventPublisher events,
                             LiveFragments fragments, LiveScheduler scheduler, PortalProperties properties) {
        super(Deployment.class, LiveTopic.DEPLOYMENTS, "deployment", "deployments/live", DeploymentState.labels(),
                informers, events, fragments, scheduler, properties);
    }

    @Override
    protected boolean follows(Deployment deployment) {
        return true;
    }

    @Override
    protected DeploymentRow row(Deployment deployment) {
        return new DeploymentRow(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                DeploymentState.readyReplicas(deployment), DeploymentState.desiredReplicas(deployment),
                DeploymentState.of(deployment).label(), false);
    }

    @Override
    protected DeploymentRow deleted(DeploymentRow row) {
        return row.asDeleted();
    }
}
